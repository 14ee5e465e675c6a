import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class GuidanceDto {
  source: string;
  text: string;
}

export class PracticalActionDto {
  text: string;
  @ApiProperty({ enum: ['national', 'cooperative'] })
  kind: 'national' | 'cooperative';
  source: string | null;
}

export class CategoryDto {
  code: string;
  label: string;
  description: string | null;
}

export class CommitmentDto {
  code: string;
  label: string;
  text: string;
  /** `verbatim` quotes the source document; `substance` is a faithful summary, not official text. */
  @ApiProperty({ enum: ['verbatim', 'substance'] })
  textKind: 'verbatim' | 'substance';
  category: string;
  sourceDocument: string;
  sourceParagraph: string | null;
  guidance: GuidanceDto[];
  practicalActions: PracticalActionDto[];
}

export class FrameworkDto {
  code: string;
  version: string;
  title: string;
  shortTitle: string;
  source: string;
  /** Code of the group of states this framework applies to. */
  applicabilityGroup: string;
  /** Entities added by admins (outside the shipped groups) are in scope too. */
  includesAddedEntities: boolean;
  /** True for the newest loaded version of this framework code. */
  latest: boolean;
  commitmentCount: number;
  categories: CategoryDto[];
  commitments: CommitmentDto[];
}

export class FrameworkQueryDto {
  /** A framework version such as 2015.1; omitted means the latest. */
  @IsOptional()
  @Matches(/^[0-9]{4}\.[0-9]+$/, { message: 'version must look like 2015.1' })
  version?: string;
}

export class FrameworkListQueryDto {
  /** `latest` (default) lists the newest version of each framework; `all` lists every loaded version. */
  @IsOptional()
  @IsIn(['latest', 'all'])
  versions?: 'latest' | 'all';
}

export class CommitmentRefDto {
  framework: string;
  version: string;
  code: string;
  label: string;
}

export class CrosswalkLinkDto {
  crosswalk: string;
  crosswalkVersion: string;
  crosswalkTitle: string;
  from: CommitmentRefDto;
  to: CommitmentRefDto;
  @ApiProperty({ enum: ['equal', 'subset', 'superset', 'related'] })
  relation: 'equal' | 'subset' | 'superset' | 'related';
}

export class CrosswalkQueryDto {
  /** Only links with this framework code at either end. */
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9-]{1,19}$/, { message: 'framework must be a framework code such as GGE' })
  framework?: string;
}
