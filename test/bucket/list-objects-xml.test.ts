import { describe, expect, it } from 'vitest';
import { type ListedObject, parseListObjectsPage } from '../../src/bucket/list-objects-xml.js';
import { seededRandom } from '../support/seeded-random.js';

const TiB = 1024 ** 4;
const TOKEN = '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=';
const OWNER =
  '<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>' +
  '<DisplayName>webfile</DisplayName></Owner>';

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** The escaping S3 applies to text: the five XML specials, and control characters as references. */
function escapeLikeS3(text: string): string {
  let escaped = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const isControl = code < 0x20 && character !== '\t' && character !== '\n';
    escaped +=
      NAMED_ESCAPES[character] ??
      (isControl ? `&#x${code.toString(16).toUpperCase()};` : character);
  }
  return escaped;
}

/** One <Contents> element shaped like S3's, with its text already escaped. */
function contents(
  key: string,
  size: number,
  etag = '&quot;9b2cf535f27731c974343645a3985328&quot;',
) {
  return (
    `<Contents><Key>${key}</Key><LastModified>2024-05-01T12:00:00.000Z</LastModified>` +
    `<ETag>${etag}</ETag><ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm>` +
    `<ChecksumType>FULL_OBJECT</ChecksumType><Size>${size}</Size>${OWNER}` +
    '<StorageClass>STANDARD</StorageClass></Contents>'
  );
}

/** A ListObjectsV2 response body as S3 sends it: a declaration line, then one unbroken line. */
function page(elements: string[], options: { truncated?: boolean; token?: string } = {}): Buffer {
  const truncated = options.truncated ?? false;
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      '<Name>example-bucket</Name><Prefix>site/</Prefix>' +
      (options.token === undefined
        ? ''
        : `<NextContinuationToken>${options.token}</NextContinuationToken>`) +
      `<KeyCount>${elements.length}</KeyCount><MaxKeys>1000</MaxKeys>` +
      `<IsTruncated>${truncated}</IsTruncated>${elements.join('')}</ListBucketResult>`,
  );
}

const keysOf = (body: Buffer) => parseListObjectsPage(body).objects.map((object) => object.key);

describe('parseListObjectsPage on S3-shaped pages', () => {
  it('reads key, size and unquoted ETag of every object, in order', () => {
    const body = page([
      contents('site/index.html', 5120),
      contents('site/css/main.css', 0, '&quot;d41d8cd98f00b204e9800998ecf8427e&quot;'),
    ]);
    expect(parseListObjectsPage(body)).toEqual({
      objects: [
        { key: 'site/index.html', size: 5120, etag: '9b2cf535f27731c974343645a3985328' },
        { key: 'site/css/main.css', size: 0, etag: 'd41d8cd98f00b204e9800998ecf8427e' },
      ],
      isTruncated: false,
      nextContinuationToken: undefined,
    });
  });

  it('reports a truncated page and its continuation token', () => {
    const listed = parseListObjectsPage(
      page([contents('a', 1)], { truncated: true, token: TOKEN }),
    );
    expect(listed.isTruncated).toBe(true);
    expect(listed.nextContinuationToken).toBe(TOKEN);
  });

  it('unescapes the continuation token', () => {
    const listed = parseListObjectsPage(page([], { truncated: true, token: 'a&amp;b&lt;c' }));
    expect(listed.nextContinuationToken).toBe('a&b<c');
  });

  it('reads an empty listing, which has no <Contents>, as no objects', () => {
    expect(parseListObjectsPage(page([]))).toEqual({
      objects: [],
      isTruncated: false,
      nextContinuationToken: undefined,
    });
  });

  it('reads a 5 TiB size exactly, past 32 bits', () => {
    expect(parseListObjectsPage(page([contents('huge.bin', 5 * TiB)])).objects[0]?.size).toBe(
      5_497_558_138_880,
    );
  });

  it('strips the quotes from multipart ETags, escaped or raw', () => {
    const body = page([
      contents('escaped', 1, '&quot;d8e8fca2dc0f896fd7cb4cb0031ba249-3&quot;'),
      contents('raw', 1, '"d8e8fca2dc0f896fd7cb4cb0031ba249-3"'),
      contents('numeric', 1, '&#34;d8e8fca2dc0f896fd7cb4cb0031ba249-3&#34;'),
      contents('bare', 1, 'd8e8fca2dc0f896fd7cb4cb0031ba249-3'),
    ]);
    const etags = parseListObjectsPage(body).objects.map((object) => object.etag);
    expect(etags).toEqual(Array(4).fill('d8e8fca2dc0f896fd7cb4cb0031ba249-3'));
  });

  it('does not mistake the top-level <KeyCount> or a <CommonPrefixes> prefix for a key', () => {
    const body = page([
      contents('KeyCount', 3),
      '<CommonPrefixes><Prefix>site/img/</Prefix></CommonPrefixes>',
    ]);
    expect(keysOf(body)).toEqual(['KeyCount']);
  });

  it('reads the elements of <Contents> in any order', () => {
    const shuffled =
      '<Contents><StorageClass>STANDARD</StorageClass><Size>42</Size>' +
      `${OWNER}<ETag>&quot;abc&quot;</ETag><LastModified>2024-05-01T12:00:00.000Z</LastModified>` +
      '<RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress></RestoreStatus>' +
      '<Key>last.txt</Key></Contents>';
    expect(parseListObjectsPage(page([shuffled])).objects).toEqual([
      { key: 'last.txt', size: 42, etag: 'abc' },
    ]);
  });

  it('tolerates indentation and newlines between elements, and top-level elements after Contents', () => {
    const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>example-bucket</Name>
  <Contents>
    <Key>a b.txt</Key>
    <ETag>"abc"</ETag>
    <Size>7</Size>
  </Contents>
  <IsTruncated>true</IsTruncated>
  <NextContinuationToken>${TOKEN}</NextContinuationToken>
</ListBucketResult>
`);
    expect(parseListObjectsPage(body)).toEqual({
      objects: [{ key: 'a b.txt', size: 7, etag: 'abc' }],
      isTruncated: true,
      nextContinuationToken: TOKEN,
    });
  });

  it('reads a root without a namespace and without an XML declaration', () => {
    const body = Buffer.from(
      '<ListBucketResult><IsTruncated>false</IsTruncated>' +
        `${contents('x', 1)}</ListBucketResult>`,
    );
    expect(keysOf(body)).toEqual(['x']);
  });
});

describe('parseListObjectsPage on keys', () => {
  it('unescapes every XML special character', () => {
    expect(keysOf(page([contents('&amp;&lt;&gt;&quot;&apos; &amp;amp;', 1)]))).toEqual([
      `&<>"' &amp;`,
    ]);
  });

  it('decodes raw UTF-8: accents, CJK and emoji', () => {
    expect(keysOf(page([contents('café/日本/😀.txt', 1)]))).toEqual(['café/日本/😀.txt']);
  });

  it('decodes hexadecimal and decimal references, astral code points included', () => {
    expect(keysOf(page([contents('&#x1F600;&#128512;&#xe9;&#233;&#x65E5;', 1)]))).toEqual([
      '😀😀éé日',
    ]);
  });

  it('decodes control-character references and keeps raw newlines', () => {
    expect(keysOf(page([contents('a&#x1;b&#xA;c&#13;d\ne\tf', 1)]))).toEqual([
      'a\u0001b\nc\rd\ne\tf',
    ]);
  });

  it('keeps leading and trailing spaces', () => {
    expect(keysOf(page([contents('  spaced  ', 1)]))).toEqual(['  spaced  ']);
  });

  it('does not URL-decode: % and + stay literal', () => {
    expect(keysOf(page([contents('100%25 off+sale%2Fx%', 1)]))).toEqual(['100%25 off+sale%2Fx%']);
  });

  it('reads a key that looks like markup once escaped', () => {
    const key = '</Key><Key>x</Contents><IsTruncated>true</IsTruncated>';
    const listed = parseListObjectsPage(page([contents(escapeLikeS3(key), 1)]));
    expect(listed.objects.map((object) => object.key)).toEqual([key]);
    expect(listed.isTruncated).toBe(false);
  });

  it('reads 200 random keys exactly, escaped in varied ways', () => {
    const random = seededRandom(20240501);
    const alphabet = [
      ...'abcXYZ019 -_./~!*()&<>"\'%+=?#[]@$,;:\\`^{}|',
      '\n',
      '\t',
      '\u0001',
      '\u001f',
      '\u007f',
      'é',
      'ß',
      'Ω',
      '日',
      '本',
      '\u0301',
      '\u200d',
      '\ufeff',
      '\ufffd',
      '😀',
      '𝄞',
      '👩‍💻',
      '\u{10ffff}',
    ];
    const expected: ListedObject[] = [];
    const elements: string[] = [];
    for (let index = 0; index < 200; index++) {
      const length = 1 + Math.floor(random() * 40);
      let key = '';
      let escaped = '';
      for (let at = 0; at < length; at++) {
        const character = alphabet[Math.floor(random() * alphabet.length)] ?? 'a';
        key += character;
        escaped += escapeCharacter(character, random());
      }
      const size = Math.floor(random() * 6 * TiB);
      expected.push({ key, size, etag: `etag${index}` });
      elements.push(contents(escaped, size, `&quot;etag${index}&quot;`));
    }
    expect(parseListObjectsPage(page(elements)).objects).toEqual(expected);
  });
});

describe('parseListObjectsPage on documents that are no listing', () => {
  it('rejects an <Error> document, quoting it', () => {
    const body = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>' +
        '<Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>',
    );
    expect(() => parseListObjectsPage(body)).toThrow(/no ListBucketResult.*AccessDenied/s);
  });

  it('rejects an HTML page, an empty body and a look-alike root', () => {
    for (const text of ['<html><body>Bad Gateway</body></html>', '', '<ListBucketResultX/>']) {
      expect(() => parseListObjectsPage(Buffer.from(text))).toThrow(/no ListBucketResult/);
    }
  });

  it('rejects a <Contents> without a <Key> as malformed', () => {
    const keyless = '<Contents><ETag>&quot;abc&quot;</ETag><Size>1</Size></Contents>';
    expect(() => parseListObjectsPage(page([keyless, contents('next', 1)]))).toThrow(
      /Malformed ListObjectsV2 response.*no <Key>/,
    );
  });

  it('rejects an unclosed key, a non-numeric size and unknown entities as malformed', () => {
    const bodies = [
      page(['<Contents><Key>a</Contents>']),
      page([contents('a', Number.NaN)]),
      page([contents('a&nbsp;b', 1)]),
      page([contents('a&constructor;b', 1)]),
      page([contents('a&#x110000;b', 1)]),
    ];
    for (const body of bodies) {
      expect(() => parseListObjectsPage(body)).toThrow(/Malformed ListObjectsV2 response/);
    }
  });
});

/** A character as XML text, written raw or as a named, decimal or hexadecimal reference. */
function escapeCharacter(character: string, choice: number): string {
  const codePoints = [...character];
  if (codePoints.length > 1 || choice < 0.4) return escapeLikeS3(character); // a ZWJ sequence
  const code = character.codePointAt(0) ?? 0;
  if (choice < 0.7) return `&#${code};`;
  const hex = code.toString(16);
  return `&#x${choice < 0.85 ? hex : hex.toUpperCase()};`;
}
