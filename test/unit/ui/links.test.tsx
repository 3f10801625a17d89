import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { safeHref, splitLinks } from '../../../src/ui/links';
import { RichText } from '../../../src/ui/rich-text';

const links = (text: string) => splitLinks(text).filter((piece) => piece.kind === 'link');

describe('web links in typed text', () => {
  it('finds http and https addresses in running text, without the punctuation that ends the sentence', () => {
    expect(splitLinks('Отчёт: https://budget.okmot.kg/2024/report.pdf. Видео (http://example.org/v?id=3&t=1), бүттү!')).toEqual([
      { kind: 'text', text: 'Отчёт: ' },
      { kind: 'link', text: 'https://budget.okmot.kg/2024/report.pdf', href: 'https://budget.okmot.kg/2024/report.pdf' },
      { kind: 'text', text: '. Видео (' },
      { kind: 'link', text: 'http://example.org/v?id=3&t=1', href: 'http://example.org/v?id=3&t=1' },
      { kind: 'text', text: '), бүттү!' },
    ]);
    expect(links('HTTPS://Example.org/a_(b) and «https://kg.example/x»')).toEqual([
      { kind: 'link', text: 'HTTPS://Example.org/a_(b)', href: 'https://example.org/a_(b)' },
      { kind: 'link', text: 'https://kg.example/x', href: 'https://kg.example/x' },
    ]);
  });

  it('leaves a line without addresses whole, and never changes the text', () => {
    expect(splitLinks('Жайыт комитети түзүлдү.')).toEqual([{ kind: 'text', text: 'Жайыт комитети түзүлдү.' }]);
    expect(splitLinks('')).toEqual([]);
    // "://" with no address before it, and an address in another scheme: text, whole.
    expect(splitLinks('ftp://files.example/a')).toEqual([{ kind: 'text', text: 'ftp://files.example/a' }]);
    for (const line of ['a https://x.example/b, c', 'http://', 'see http://x.example.']) {
      expect(
        splitLinks(line)
          .map((piece) => piece.text)
          .join(''),
      ).toBe(line);
    }
  });

  it('makes no link of any other scheme, however it is written', () => {
    const hostile = [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      ' javascript:alert(1)',
      '&#106;avascript:alert(1)',
      '&#x6A;avascript:alert(1)',
      'javascript&colon;alert(1)',
      '%6A%61vascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      'ftp://evil.example/x',
      '[открыть](javascript:alert(1))',
      '<a href="javascript:alert(1)">x</a>',
      // Look-alike schemes: Cyrillic һ and т, the long s (folds to "s" under /iu), fullwidth letters.
      'һttps://evil.example',
      'httpѕ://evil.example',
      'httpſ://evil.example',
      'ｈｔｔｐｓ://evil.example',
      'https：//evil.example',
      // Not a standalone address: glued to a word.
      'xhttps://evil.example',
      // A user name before the host: "bank.kg" is not where it goes.
      'https://bank.kg@evil.example/login',
      'https://user:pass@evil.example/',
    ];
    for (const text of hostile) expect(links(text), JSON.stringify(text)).toEqual([]);
  });

  it('gives an href only for http and https, as the URL parser writes it', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://example.org/a b')).toBe('https://example.org/a%20b');
    expect(safeHref('http://пример.кг/')).toBe('http://xn--e1afmkfd.xn--c1an/');
    expect(safeHref('https:/\\evil.example')).toBe('https://evil.example/');
    // An address whose text hides a scheme after it still points to http(s) only.
    expect(links('javascript:http://x.example/')).toEqual([{ kind: 'link', text: 'http://x.example/', href: 'http://x.example/' }]);
  });

  it('stops at invisible characters that could disguise an address', () => {
    expect(links('https://bank.kg\u202Eelpmaxe.live/')).toEqual([{ kind: 'link', text: 'https://bank.kg', href: 'https://bank.kg/' }]);
    expect(links('https://a.example\u200Bb')).toEqual([{ kind: 'link', text: 'https://a.example', href: 'https://a.example/' }]);
  });
});

describe('long texts on screen', () => {
  it('show web links that open in a new tab, unable to reach back, and everything else as text', () => {
    const { container } = render(
      <RichText text={'Отчёт: https://budget.okmot.kg/r.pdf\n- видео http://example.org/v\n- javascript:alert(1)\n<img src=x onerror=alert(1)>'} />,
    );
    const anchors = [...container.querySelectorAll('a')];
    expect(anchors.map((a) => [a.getAttribute('href'), a.textContent, a.getAttribute('target'), a.getAttribute('rel')])).toEqual([
      ['https://budget.okmot.kg/r.pdf', 'https://budget.okmot.kg/r.pdf', '_blank', 'noopener noreferrer'],
      ['http://example.org/v', 'http://example.org/v', '_blank', 'noopener noreferrer'],
    ]);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('javascript:alert(1)');
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(container.querySelectorAll('li')).toHaveLength(2);
  });
});
