// The app starts in two parts (src/app/main.tsx): the entry, then the rest of the start's code
// (src/app/start.tsx), imported once the entry has asked for the first screen's data. Vite's
// index.html preloads only the entry's static imports; this plugin adds the second part and its
// imports, so that the phone fetches and parses all of the start's code at once, as before the
// split, and nothing waits for the entry to run to be asked for.
import type { HtmlTagDescriptor, Plugin } from 'vite';
import type { OutputBundle, OutputChunk } from 'rolldown';

/** The second part of the start, as index.html preloads it and the precache's shell holds it. */
export const APP_START = 'src/app/start.tsx';

interface Chunk {
  fileName: string;
  facadeModuleId: string | null;
  imports: readonly string[];
}

/** Whether a chunk is the start's second part (by the module it loads). */
export const isAppStart = (facadeModuleId: string | null) => facadeModuleId?.replaceAll('\\', '/').endsWith(`/${APP_START}`) ?? false;

/** The start's second part and every chunk it imports statically, by file name; none if it is not in this bundle. */
export function startFiles(chunks: readonly Chunk[]): string[] {
  const start = chunks.find((chunk) => isAppStart(chunk.facadeModuleId));
  return start ? withImports(start, chunks) : [];
}

/** A chunk and every chunk it imports statically, directly or not, by file name. */
function withImports(first: Chunk, chunks: readonly Chunk[]): string[] {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const files: string[] = [];
  const stack = [first];
  while (stack.length > 0) {
    const chunk = stack.pop()!;
    if (files.includes(chunk.fileName)) continue;
    files.push(chunk.fileName);
    for (const name of chunk.imports) {
      const next = byName.get(name);
      if (next) stack.push(next);
    }
  }
  return files;
}

export function startPreload(): Plugin {
  return {
    name: 'ashar:start-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const bundle: OutputBundle | undefined = context.bundle;
        if (!bundle || !context.chunk) return [];
        const chunks = Object.values(bundle).filter((output): output is OutputChunk => output.type === 'chunk');
        // What Vite's own tags load already: the entry and its static imports.
        const loaded = new Set(withImports(context.chunk, chunks));
        const files = startFiles(chunks).filter((file) => !loaded.has(file));
        if (files.length === 0) throw new Error(`start preload: no chunk for ${APP_START} in the build`);
        return files.map((file): HtmlTagDescriptor => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head',
        }));
      },
    },
  };
}
