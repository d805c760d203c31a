import { convertHtml } from './convert.ts';
const html = `(私のコメント)<br />\n意見<br />\n<br />\n(追記)<br />\n5月10日に開催<br />\n<br />\nhttps://www.ppc.go.jp/x/<br />\n`;
console.log(JSON.stringify(convertHtml(html, { published: new Date('2023-06-01'), convertBreaks: false })));
