import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Injectable, OnModuleInit } from '@nestjs/common';
import hbs from 'hbs';
import { registerHelpers } from './view-helpers';

/** Templates live beside the code; `nest build` copies them to dist (nest-cli.json "assets"). */
export const VIEWS_DIR = join(__dirname, '..', 'views');

type Template = (context: object) => string;

/**
 * Handlebars templates, compiled once at start (a broken template fails the boot, not a request). An isolated
 * Handlebars instance with its default, safe runtime options: output is HTML-escaped unless a template
 * says {{{ }}}, which only the layout's body and server-rendered charts do.
 */
@Injectable()
export class Views implements OnModuleInit {
  private readonly handlebars = hbs.create().handlebars;
  private readonly pages = new Map<string, Template>();
  private layout: Template = () => '';

  onModuleInit(): void {
    registerHelpers(this.handlebars);
    for (const file of templateFiles(VIEWS_DIR)) {
      const name = relative(VIEWS_DIR, file).split(sep).join('/').replace(/\.hbs$/, '');
      const source = readFileSync(file, 'utf8');
      // compile() is lazy; parse now so that a syntax error names its file at start-up.
      try {
        this.handlebars.parse(source);
      } catch (error) {
        throw new Error(`Template ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
      // Without the file's last newline, so that a partial can sit inside a tag (the invalid-field attributes).
      if (name.startsWith('partials/')) this.handlebars.registerPartial(name.slice('partials/'.length), source.trimEnd());
      else if (name === 'layout') this.layout = this.handlebars.compile(source);
      else this.pages.set(name.replace(/^pages\//, ''), this.handlebars.compile(source));
    }
  }

  render(page: string, context: object): string {
    return this.inLayout(context, this.body(page, context));
  }

  /** The page's own part, without the layout. */
  body(page: string, context: object): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`No view ${page}`);
    return template(context);
  }

  inLayout(context: object, body: string): string {
    return this.layout({ ...context, body });
  }
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return templateFiles(path);
    return entry.name.endsWith('.hbs') ? [path] : [];
  });
}
