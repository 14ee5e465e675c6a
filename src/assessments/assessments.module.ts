import { Module } from '@nestjs/common';
import { AssessmentListService } from './assessment-list.service';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { CommentsService } from './comments.service';
import { ReviewWorkflowService } from './review-workflow.service';

@Module({
  controllers: [AssessmentsController],
  providers: [AssessmentsService, AssessmentListService, ReviewWorkflowService, CommentsService],
  exports: [AssessmentsService, AssessmentListService, ReviewWorkflowService, CommentsService],
})
export class AssessmentsModule {}
