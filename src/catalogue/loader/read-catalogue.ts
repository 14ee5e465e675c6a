import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import crosswalkSchema from '../../../catalogue/schema/crosswalk.schema.json';
import frameworkSchema from '../../../catalogue/schema/framework.schema.json';
import groupsSchema from '../../../catalogue/schema/groups.schema.json';
import statesSchema from '../../../catalogue/schema/states.schema.json';
import {
  CatalogueSet,
  CrosswalkDocument,
  FrameworkDocument,
  GroupsDocument,
  Parsed,
  StatesDocument,
} from './catalogue-documents';
import { CatalogueError, CatalogueProblem } from './catalogue-error';

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = {
  states: ajv.compile(statesSchema),
  groups: ajv.compile(groupsSchema),
  framework: ajv.compile(frameworkSchema),
  crosswalk: ajv.compile(crosswalkSchema),
};

/**
 * Reads and schema-checks every file of a catalogue folder: states.yaml, groups.yaml,
 * frameworks/*.yaml and crosswalks/*.yaml. All problems are collected before failing.
 */
export async function readCatalogue(dir: string): Promise<CatalogueSet> {
  const problems: CatalogueProblem[] = [];
  const read = async <T>(path: string, validate: ValidateFunction): Promise<Parsed<T> | undefined> => {
    const parsed = await parseFile<T>(dir, path, problems);
    if (parsed && !validate(parsed.document)) {
      problems.push(...(validate.errors ?? []).map((error) => describeSchemaError(path, parsed.document, error)));
      return undefined;
    }
    return parsed;
  };
  const states = await read<StatesDocument>('states.yaml', validators.states);
  const groups = await read<GroupsDocument>('groups.yaml', validators.groups);
  const frameworks = await readAll<FrameworkDocument>(dir, 'frameworks', validators.framework, read);
  const crosswalks = await readAll<CrosswalkDocument>(dir, 'crosswalks', validators.crosswalk, read);
  const version = await readVersion(dir, problems);
  if (problems.length > 0 || !states || !groups || !version) throw new CatalogueError(problems);
  const files = [states, groups, ...frameworks, ...crosswalks].map((f) => `${f.path}:${f.sha256}`).sort();
  const contentSha256 = createHash('sha256').update(JSON.stringify([version, files])).digest('hex');
  return { version, contentSha256, states, groups, frameworks, crosswalks };
}

/** catalogue.yaml: `version: "2026.1"`, numbers separated by dots, compared as numbers. */
async function readVersion(dir: string, problems: CatalogueProblem[]): Promise<string | undefined> {
  const parsed = await parseFile<{ version?: unknown }>(dir, 'catalogue.yaml', problems);
  const version = parsed?.document?.version;
  if (parsed && (typeof version !== 'string' || !/^[0-9]+(\.[0-9]+)*$/.test(version))) {
    problems.push({ file: 'catalogue.yaml', problem: 'version must be a string of dot-separated numbers, such as "2026.1"' });
    return undefined;
  }
  return version as string | undefined;
}

async function readAll<T>(
  dir: string,
  folder: string,
  validate: ValidateFunction,
  read: (path: string, validate: ValidateFunction) => Promise<Parsed<T> | undefined>,
): Promise<Parsed<T>[]> {
  if (!existsSync(join(dir, folder))) return [];
  const names = (await readdir(join(dir, folder))).filter((name) => /\.ya?ml$/.test(name)).sort();
  const parsed = await Promise.all(names.map((name) => read(`${folder}/${name}`, validate)));
  return parsed.filter((file): file is Parsed<T> => file !== undefined);
}

async function parseFile<T>(dir: string, path: string, problems: CatalogueProblem[]): Promise<Parsed<T> | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, path), 'utf8');
  } catch {
    problems.push({ file: path, problem: 'file is missing or unreadable' });
    return undefined;
  }
  try {
    const document = parse(text, { uniqueKeys: true }) as T;
    // Hash the parsed content, so comments and layout can change without looking like a new version.
    const sha256 = createHash('sha256').update(JSON.stringify(document)).digest('hex');
    return { path, sha256, document };
  } catch (error) {
    problems.push({ file: path, problem: `not valid YAML: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

/** Turns `/commitments/3/text must NOT have fewer than 1 characters` into a readable entry and problem. */
function describeSchemaError(file: string, document: unknown, error: ErrorObject): CatalogueProblem {
  const segments = error.instancePath.split('/').slice(1);
  let entry: string | undefined;
  if (segments.length >= 2 && /^\d+$/.test(segments[1])) {
    const item = (document as Record<string, unknown[]>)[segments[0]]?.[Number(segments[1])] as
      | Record<string, unknown>
      | undefined;
    const key = item?.code ?? item?.iso3;
    entry = `${segments[0]}[${segments[1]}]${key ? ` (${String(key)})` : ''}`;
  }
  const field = segments.slice(entry ? 2 : 0).join('.');
  const extra =
    error.keyword === 'additionalProperties'
      ? ` "${(error.params as { additionalProperty: string }).additionalProperty}"`
      : error.keyword === 'enum'
        ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
        : '';
  return { file, entry, problem: `${field ? `${field} ` : ''}${error.message}${extra}` };
}
