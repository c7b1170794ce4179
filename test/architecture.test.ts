// The shape of the code, kept: imports run one way between the parts, without circles, the store is reached
// through its front door, and no file or function grows past what a reader takes in at once. Read from the
// sources themselves with TypeScript's parser.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { repoRoot } from './harness.js';

const srcRoot = join(repoRoot, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const files = sourceFiles(srcRoot).map((path) => ({
  path,
  name: relative(srcRoot, path),
  source: ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true),
}));
const names = new Set(files.map((f) => f.name));

/** The project files a file imports (static, dynamic and type-only imports, and re-exports), as names under src/. */
function importsOf(file: (typeof files)[number]): string[] {
  const found: string[] = [];
  const add = (specifier: string) => {
    if (!specifier.startsWith('.')) return;
    const target = relative(srcRoot, resolve(dirname(file.path), specifier)).replace(/\.js$/, '');
    const name = [`${target}.ts`, `${target}.tsx`, `${target}/index.ts`].find((n) => names.has(n));
    if (name) found.push(name);
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      add((node.moduleSpecifier as ts.StringLiteral).text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) add(argument.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) add(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.source);
  return [...new Set(found)];
}

const graph = new Map(files.map((f) => [f.name, importsOf(f)]));

/** The part a file belongs to: its top folder, or the file itself for the few at the top. */
const partOf = (name: string) => (name.includes('/') ? name.slice(0, name.indexOf('/')) : name.replace(/\.tsx?$/, ''));

/** The parts everything may use: plain types, errors, formatting and the calendar. */
const leaves = ['model', 'errors', 'format', 'calendar'];

/** What each part may import, besides itself (DESIGN's one-way rule; see the README's architecture section). */
const mayImport: Record<string, string[]> = {
  model: [],
  errors: [],
  format: [],
  version: [],
  calendar: [],
  // analysis reads articles and writes its results (stories, entities) through the store, as the design says.
  analysis: [...leaves, 'store'],
  credentials: [],
  config: ['errors', 'version', 'credentials'],
  store: ['model', 'errors', 'config', 'calendar', 'format', 'credentials'],
  // config: the fetcher's settings are a slice of Readout's (a type only).
  ingest: ['model', 'errors', 'format', 'calendar', 'version', 'config'],
  context: ['config', 'store', 'ingest', 'credentials', 'model'],
  pipeline: ['context', 'analysis', 'ingest', 'store', 'model', 'errors', 'format'],
  jobs: ['context', 'analysis', 'pipeline', 'ingest', 'store', 'model', 'errors', 'format'],
  // The edges: the web reaches analysis only through the pipeline, which feeds it after a save.
  web: ['context', 'pipeline', ...leaves, 'ingest', 'store', 'config', 'version'],
  commands: ['context', 'analysis', 'pipeline', 'jobs', 'web', ...leaves, 'ingest', 'store', 'config', 'version'],
  cli: ['commands', 'config', 'context', 'errors', 'store', 'version'],
};

describe('the shape of the code', () => {
  it('imports run one way between the parts', () => {
    const wrong: string[] = [];
    for (const [name, imports] of graph) {
      const part = partOf(name);
      const allowed = mayImport[part];
      if (!allowed) {
        wrong.push(`${name}: ${part} is not a known part; add it to mayImport and the README`);
        continue;
      }
      for (const target of imports) {
        const other = partOf(target);
        if (other !== part && !allowed.includes(other)) wrong.push(`${name} imports ${target}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('has no import circles', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (name: string, path: string[]) => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'open') {
        circles.push([...path.slice(path.indexOf(name)), name].join(' → '));
        return;
      }
      state.set(name, 'open');
      for (const next of graph.get(name) ?? []) walk(next, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of graph.keys()) walk(name, []);
    assert.deepEqual(circles, []);
  });

  it('reaches the store only through store/index.ts from outside it', () => {
    const deep = [...graph].flatMap(([name, imports]) =>
      partOf(name) === 'store'
        ? []
        : imports.filter((t) => partOf(t) === 'store' && t !== 'store/index.ts').map((t) => `${name} imports ${t}`),
    );
    assert.deepEqual(deep, []);
  });

  it('keeps every file under 450 lines and every function under 80', () => {
    const long: string[] = [];
    for (const file of files) {
      const lines = file.source.getLineAndCharacterOfPosition(file.source.getEnd()).line + 1;
      if (lines > 450) long.push(`${file.name}: ${lines} lines`);
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const start = file.source.getLineAndCharacterOfPosition(node.getStart()).line;
          const end = file.source.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (end - start + 1 > 80) {
            const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
            long.push(`${file.name}:${start + 1} ${name}: ${end - start + 1} lines`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file.source);
    }
    assert.deepEqual(long, []);
  });
});
