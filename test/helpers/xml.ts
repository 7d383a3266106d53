/**
 * A small, strict XML reader for reports (no DTDs, no CDATA): elements, attributes in quotes,
 * text with the five predefined entities and numeric references. Throws on anything malformed,
 * so a test that parses a JUnit report fails on a stray `<` or an unclosed tag.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(text)) throw new Error(`bad entity in ${JSON.stringify(text.slice(0, 40))}`);
  if (/[<]/.test(text)) throw new Error('raw < in text');
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, e: string) => (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!));
}

export function parseXml(source: string): XmlElement {
  let at = 0;
  const text = source.replace(/^<\?xml[^?]*\?>\s*/, '');
  const fail = (why: string): never => {
    throw new Error(`${why} at ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.-]*)/.exec(text.slice(at)) ?? fail('expected an element');
    at += open[0].length;
    const node: XmlElement = { name: open[1]!, attrs: {}, children: [], text: '' };
    for (;;) {
      const attr = /^\s+([A-Za-z_][\w.-]*)="([^"<]*)"/.exec(text.slice(at));
      if (!attr) break;
      if (attr[1]! in node.attrs) fail(`attribute ${attr[1]} twice`);
      node.attrs[attr[1]!] = decode(attr[2]!);
      at += attr[0].length;
    }
    const end = /^\s*(\/?)>/.exec(text.slice(at)) ?? fail('expected > or />');
    at += end[0].length;
    if (end[1]) return node;
    for (;;) {
      const next = text.indexOf('<', at);
      if (next < 0) fail(`unclosed <${node.name}>`);
      node.text += decode(text.slice(at, next));
      at = next;
      if (text.startsWith('</', at)) {
        const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(text.slice(at)) ?? fail('bad closing tag');
        if (close[1] !== node.name) fail(`</${close[1]}> closes <${node.name}>`);
        at += close[0].length;
        return node;
      }
      node.children.push(element());
    }
  };
  const root = element();
  if (text.slice(at).trim() !== '') fail('text after the root element');
  return root;
}

export const childrenNamed = (node: XmlElement, name: string) => node.children.filter((c) => c.name === name);
