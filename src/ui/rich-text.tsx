import { Fragment, type ReactNode } from 'react';
import { splitLinks } from './links';

// Long texts keep their line breaks, simple lists and web links, and nothing else: the text is never
// parsed as HTML, so whatever anyone typed on any device is shown as text and can never run as
// script. A link is made only for an http(s) address (see links.ts) and opens in a new tab that
// cannot reach back into the app (noopener) nor learn which page sent it (noreferrer).
const BULLET = /^\s*[-•*]\s+/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+/;

type Block = { kind: 'p'; lines: string[] } | { kind: 'ul' | 'ol'; items: string[] };

export function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const last = blocks.at(-1);
    if (line.trim() === '') {
      blocks.push({ kind: 'p', lines: [] });
      continue;
    }
    const kind = BULLET.test(line) ? 'ul' : NUMBERED.test(line) ? 'ol' : 'p';
    if (kind === 'p') {
      if (last?.kind === 'p') last.lines.push(line);
      else blocks.push({ kind: 'p', lines: [line] });
    } else {
      const item = line.replace(kind === 'ul' ? BULLET : NUMBERED, '');
      if (last?.kind === kind) last.items.push(item);
      else blocks.push({ kind, items: [item] });
    }
  }
  return blocks.filter((block) => (block.kind === 'p' ? block.lines.length > 0 : block.items.length > 0));
}

export function RichText({ text }: { text: string }) {
  return (
    <div className="rich-text">
      {parseBlocks(text).map((block, index) => {
        if (block.kind === 'p') return <p key={index}>{withBreaks(block.lines)}</p>;
        const items = block.items.map((item, i) => <li key={i}>{withLinks(item)}</li>);
        return block.kind === 'ul' ? <ul key={index}>{items}</ul> : <ol key={index}>{items}</ol>;
      })}
    </div>
  );
}

function withBreaks(lines: string[]): ReactNode[] {
  return lines.flatMap((line, index) => (index === 0 ? [withLinks(line)] : [<br key={`br${index}`} />, withLinks(line, index)]));
}

function withLinks(line: string, lineIndex = 0): ReactNode {
  return splitLinks(line).map((piece, index) =>
    piece.kind === 'text' ? (
      <Fragment key={`${lineIndex}.${index}`}>{piece.text}</Fragment>
    ) : (
      <a key={`${lineIndex}.${index}`} href={piece.href} target="_blank" rel="noopener noreferrer">
        {piece.text}
      </a>
    ),
  );
}
