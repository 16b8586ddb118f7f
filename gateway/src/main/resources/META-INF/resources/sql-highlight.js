// Tiny SQL highlighter: splits SQL into comments, strings, quoted names, numbers, keywords and
// the rest, and returns DOM nodes (never HTML strings, so model output cannot inject markup).
const SQL_KEYWORDS = new Set(('select from where and or not in is null as join inner left right full outer cross on using ' +
  'group by order having limit offset fetch first next rows only with recursive union all intersect except distinct ' +
  'case when then else end asc desc between like ilike exists cast over partition window true false interval ' +
  'count sum avg min max coalesce explain values lateral nulls filter').split(' '));

function highlightSql(sql) {
  const fragment = document.createDocumentFragment();
  const pattern = /(--[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?|`[^`]*`?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|([\s\S])/g;
  let match;
  while ((match = pattern.exec(sql)) !== null) {
    const [text, comment, string, quoted, number, word] = match;
    let cls = null;
    if (comment) cls = 'tok-comment';
    else if (string) cls = 'tok-string';
    else if (quoted) cls = 'tok-name';
    else if (number) cls = 'tok-number';
    else if (word && SQL_KEYWORDS.has(word.toLowerCase())) cls = 'tok-keyword';
    if (cls) {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      fragment.appendChild(span);
    } else {
      fragment.appendChild(document.createTextNode(text));
    }
  }
  return fragment;
}
