/** A catalogue that cannot be loaded; each problem names the file, the entry and what is wrong. */
export class CatalogueError extends Error {
  constructor(readonly problems: CatalogueProblem[]) {
    super(
      `Catalogue rejected, nothing was loaded:\n` +
        problems.map((p) => `  ${p.file}: ${p.entry ? `${p.entry}: ` : ''}${p.problem}`).join('\n'),
    );
  }
}

export interface CatalogueProblem {
  file: string;
  entry?: string;
  problem: string;
}
