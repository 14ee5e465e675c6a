import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import MarkdownIt from 'markdown-it';

// The project's own documents (docs/), rendered for the pages. Raw HTML in them is not passed through.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

// Headings get ids, so a page can link to a section (e.g. /methodology#tiers).
markdown.renderer.rules.heading_open = (tokens, index, options, _env, self) => {
  const text = tokens[index + 1]?.content ?? '';
  tokens[index].attrSet('id', slug(text));
  return self.renderToken(tokens, index, options);
};
// Wide tables scroll inside their own box on a phone, never the page.
// Focusable and named, so that a keyboard can scroll it too.
let tables = 0;
markdown.renderer.rules.table_open = () => `<div class="table-scroll" tabindex="0" role="region" aria-label="Table ${++tables} of the document, scrolls"><table>\n`;
markdown.renderer.rules.table_close = () => '</table></div>\n';

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The repository's root: the nearest folder above this file holding package.json (the same from src/ and dist/). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const DOCS_DIR = join(repositoryRoot(), 'docs');

/** A document of docs/ as HTML with its first heading apart (the page shows it as its h1). */
export function renderDocument(file: string): { title: string; html: string } {
  const source = readFileSync(join(DOCS_DIR, file), 'utf8');
  const [, title = file, body = source] = /^#\s+(.+)\n([\s\S]*)$/.exec(source) ?? [];
  return { title: title.trim(), html: markdown.render(body) };
}
