export class PublicationRefDto {
  cycleYear: number;
  version: number;
}

/** One stored revision of an evidence item, and which publication versions show it. */
export class EvidenceRevisionDto {
  revision: number;
  title: string;
  kind: string;
  publisher: string | null;
  publishedOn: string | null;
  url: string | null;
  fileSha256: string | null;
  /** The item's content now is this revision. */
  current: boolean;
  createdAt: Date;
  /** Publication versions (cycle year and version) that show this revision. */
  publishedIn: PublicationRefDto[];
}
