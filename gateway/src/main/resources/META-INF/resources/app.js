// The SQL web client: pick a database, browse its schema, ask questions in a conversation, see the
// SQL highlighted, run it (POST /v1/sql/execute), copy it, export the rows as CSV.
const $ = (id) => document.getElementById(id);
let conversationId = newConversationId();

function newConversationId() {
  return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : `c-${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/** Calls the API; failures become Errors carrying the server's message and, for refusals, its reasons. */
async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({ error: { message: `HTTP ${response.status}` } }));
  if (!response.ok) {
    const error = new Error(body.error ? body.error.message : `HTTP ${response.status}`);
    error.status = response.status;
    error.reasons = body.errors || [];
    throw error;
  }
  return body;
}

const postJson = (path, body) => api(path, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});

/**
 * POST /v1/sql/generate as server-sent events: onChunk gets each piece of SQL as the model writes
 * it; resolves with the usual answer body (event: result), rejects on event: error or HTTP errors.
 */
async function generateStreaming(body, onChunk) {
  const response = await fetch('/v1/sql/generate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
    const failed = await response.json().catch(() => ({ error: { message: `HTTP ${response.status}` } }));
    const error = new Error(failed.error ? failed.error.message : `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) { throw new Error('the answer stream ended without a result'); }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = parseSseEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event.name === 'chunk') { onChunk(JSON.parse(event.data).text); }
      else if (event.name === 'result') { reader.cancel().catch(() => {}); return JSON.parse(event.data); }
      else if (event.name === 'error') {
        reader.cancel().catch(() => {});
        throw new Error(JSON.parse(event.data).error.message);
      }
    }
  }
}

/** One SSE event block: its `event:` name and its `data:` lines joined. */
function parseSseEvent(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) { name = line.slice(6).trim(); }
    else if (line.startsWith('data:')) { data.push(line.slice(5).replace(/^ /, '')); }
  }
  return { name, data: data.join('\n') };
}

async function loadDatabases() {
  const select = $('database');
  try {
    const { databases } = await api('/v1/databases');
    select.innerHTML = '';
    for (const db of databases) {
      const option = document.createElement('option');
      option.value = db.name;
      option.textContent = db.dialect ? `${db.name} (${db.dialect})` : db.name;
      if (db.problem) { option.textContent += ` — ${db.problem}`; }
      select.appendChild(option);
    }
    loadSchema(false);
  } catch (e) {
    select.innerHTML = '<option value="">unavailable</option>';
    setStatus(`Could not list databases: ${e.message}`, true);
  }
}

async function loadSchema(refresh) {
  const name = $('database').value;
  const tree = $('schema-tree');
  tree.innerHTML = '';
  $('schema-note').hidden = true;
  $('schema-filter-none').hidden = true;
  if (!name) { return; }
  try {
    const schema = refresh
      ? await api(`/v1/databases/${encodeURIComponent(name)}/schema/refresh`, { method: 'POST' })
      : await api(`/v1/databases/${encodeURIComponent(name)}/schema`);
    // Another database may have been picked while this answer travelled: only the current one is shown.
    if ($('database').value !== name) { return; }
    tree.innerHTML = '';
    if (schema.note) { $('schema-note').textContent = schema.note; $('schema-note').hidden = false; }
    for (const table of schema.tables) { tree.appendChild(renderTable(table)); }
    filterSchema();
  } catch (e) {
    if ($('database').value !== name) { return; }
    $('schema-note').textContent = `Could not read the schema: ${e.message}`;
    $('schema-note').hidden = false;
  }
}

function renderTable(table) {
  const li = document.createElement('li');
  li.className = 'table';
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = table.name;
  if (table.view) { const tag = document.createElement('span'); tag.className = 'tag'; tag.textContent = 'view'; summary.appendChild(tag); }
  if (table.comment) { summary.title = table.comment; }
  details.appendChild(summary);
  // Opened or closed by the user: the filter leaves it as the user wants it until the filter is cleared.
  summary.addEventListener('click', () => { details.dataset.userChoice = 'true'; delete details.dataset.openedByFilter; });
  const columns = document.createElement('ul');
  const foreign = new Map();
  for (const fk of table.foreignKeys || []) {
    fk.columns.forEach((c, i) => foreign.set(c, `${fk.referencedTable}.${fk.referencedColumns[i]}`));
  }
  for (const column of table.columns) {
    const item = document.createElement('li');
    item.className = 'column';
    item.dataset.name = column.name.toLowerCase();
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = column.name;
    item.appendChild(name);
    const type = document.createElement('span');
    type.className = 'type';
    type.textContent = ` ${column.type}${column.nullable ? '' : ' not null'}`;
    item.appendChild(type);
    if ((table.primaryKey || []).includes(column.name)) { item.appendChild(tag('PK', 'Primary key')); }
    if (foreign.has(column.name)) { item.appendChild(tag('FK', `References ${foreign.get(column.name)}`)); }
    const notes = [];
    if (column.comment) { notes.push(column.comment); }
    if (column.sampleValues) { notes.push(`values: ${column.sampleValues.join(', ')}`); }
    if (notes.length) { item.title = notes.join('\n'); const hint = document.createElement('div'); hint.className = 'hint'; hint.textContent = notes.join(' · '); item.appendChild(hint); }
    columns.appendChild(item);
  }
  details.appendChild(columns);
  li.appendChild(details);
  li.dataset.table = table.name.toLowerCase();
  return li;
}

function tag(text, title) {
  const span = document.createElement('span');
  span.className = 'tag';
  span.textContent = text;
  span.title = title;
  return span;
}

// Shows the tables whose name or a column's name contains the filter text. A table shown for a column
// is opened with that column marked (a closed table would hide why it matched) and closed again when the
// filter changes, unless the user opened or closed it meanwhile; clearing the filter forgets that choice.
function filterSchema() {
  const typed = $('schema-filter').value.trim();
  const needle = typed.toLowerCase();
  let shown = 0;
  for (const li of $('schema-tree').children) {
    let columnMatched = false;
    for (const column of li.querySelectorAll('li.column')) {
      const hit = needle !== '' && column.dataset.name.includes(needle);
      column.classList.toggle('match', hit);
      columnMatched = columnMatched || hit;
    }
    li.hidden = needle !== '' && !columnMatched && !li.dataset.table.includes(needle);
    const details = li.querySelector('details');
    if (needle === '') { delete details.dataset.userChoice; }
    if (details.dataset.userChoice) {
      // left as the user set it
    } else if (columnMatched && !details.open) {
      details.open = true;
      details.dataset.openedByFilter = 'true';
    } else if (!columnMatched && details.dataset.openedByFilter) {
      details.open = false;
      delete details.dataset.openedByFilter;
    }
    if (!li.hidden) { shown++; }
  }
  const none = $('schema-filter-none');
  none.hidden = needle === '' || shown > 0;
  none.textContent = `No table or column name contains "${typed}".`;
}

function setStatus(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

function renderGrid(columns, rows, truncated, elapsedMs) {
  const wrapper = document.createElement('div');
  wrapper.className = 'grid';
  const toolbar = document.createElement('div');
  toolbar.className = 'grid-toolbar';
  const info = document.createElement('span');
  info.className = 'row-count';
  info.textContent = `${rows.length} row${rows.length === 1 ? '' : 's'}${truncated ? ' (truncated: more rows exist)' : ''}`
    + (elapsedMs !== undefined ? ` · ${elapsedMs} ms` : '');
  const csv = document.createElement('button');
  csv.type = 'button';
  csv.className = 'ghost csv';
  csv.textContent = 'Export CSV';
  csv.addEventListener('click', () => downloadCsv(columns, rows));
  toolbar.append(info, csv);
  const scroller = document.createElement('div');
  scroller.className = 'grid-scroll';
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const c of columns) { const th = document.createElement('th'); th.textContent = c; head.appendChild(th); }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const value of row) {
      const td = tr.insertCell();
      td.textContent = value;
      if (value === 'NULL') { td.className = 'null'; }
    }
  }
  scroller.appendChild(table);
  wrapper.append(toolbar, scroller);
  return wrapper;
}

function csvCell(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function downloadCsv(columns, rows) {
  const lines = [columns.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  const blob = new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'quire-result.csv';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function showError(turn, message, reasons) {
  const p = turn.querySelector('.error');
  p.hidden = false;
  p.textContent = message;
  if (reasons && reasons.length) {
    const list = document.createElement('ul');
    for (const r of reasons) {
      const li = document.createElement('li');
      li.textContent = r.position ? `${r.message} (at character ${r.position})` : r.message;
      list.appendChild(li);
    }
    p.appendChild(list);
  }
}

/** The badge is a verdict on one SQL text: it remembers which, so an edit can tell that it no longer applies. */
function setBadge(turn, valid, sql) {
  const badge = turn.querySelector('.badge');
  badge.textContent = valid ? 'valid' : 'not valid';
  badge.className = `badge ${valid ? 'ok' : 'bad'}`;
  turn.dataset.badgeSql = sql;
}

/** Takes down the verdict, its error and the grid when they belong to other SQL than the one now shown. */
function forgetStale(turn, sql) {
  if (turn.dataset.badgeSql !== sql) {
    const badge = turn.querySelector('.badge');
    badge.textContent = 'edited, not checked';
    badge.className = 'badge stale';
    delete turn.dataset.badgeSql;
    turn.querySelector('.error').hidden = true;
  }
  if (turn.dataset.resultSql !== sql) {
    turn.querySelector('.result').replaceChildren();
    delete turn.dataset.resultSql;
  }
}

async function runSql(turn, database, sql) {
  const button = turn.querySelector('.run');
  button.disabled = true;
  turn.querySelector('.error').hidden = true;
  delete turn.dataset.resultSql;
  turn.querySelector('.result').innerHTML = '<span class="muted">Running…</span>';
  try {
    const result = await postJson('/v1/sql/execute', { database, sql });
    turn.querySelector('.result').replaceChildren(renderGrid(result.columns, result.rows, result.truncated, result.elapsedMs));
    turn.dataset.resultSql = sql;
    // The server validates before it runs, so rows mean this SQL is valid.
    setBadge(turn, true, sql);
  } catch (e) {
    turn.querySelector('.result').innerHTML = '';
    const refused = e.status === 400 && e.reasons.length;
    if (refused) { setBadge(turn, false, sql); }
    showError(turn, refused ? 'The SQL was refused and did not run:' : `Error: ${e.message}`, e.reasons);
  } finally {
    button.disabled = false;
  }
}

/** The SQL the buttons act on: the edited text once the user edits, else the answer's SQL. */
function currentSql(turn, answer) {
  const editor = turn.querySelector('.sql-editor');
  return editor.hidden ? answer.sql : editor.value;
}

async function checkSql(turn, database, sql) {
  forgetStale(turn, sql);
  turn.querySelector('.error').hidden = true;
  try {
    const verdict = await postJson('/v1/sql/validate', { database, sql });
    setBadge(turn, verdict.valid, sql);
    if (!verdict.valid) {
      showError(turn, verdict.readOnly ? 'The SQL does not fit the schema:' : 'The SQL would be refused:', verdict.errors);
    }
  } catch (e) {
    showError(turn, `Error: ${e.message}`);
  }
}

function addTurn(question) {
  const turn = $('answer-template').content.firstElementChild.cloneNode(true);
  turn.querySelector('.question').textContent = question;
  turn.querySelector('.answer').hidden = true;
  $('chat').appendChild(turn);
  turn.scrollIntoView({ block: 'end' });
  return turn;
}

/** The SQL as it is generated: shown highlighted while it grows; the answer replaces it at the end. */
function showSqlSoFar(turn, text) {
  if (!turn.classList.contains('streaming')) {
    turn.classList.add('streaming');
    turn.dataset.sql = '';
    turn.dataset.chunks = '0';
    turn.querySelector('.answer').hidden = false;
    turn.querySelector('.answer-head').hidden = true;
  }
  turn.dataset.sql += text;
  turn.dataset.chunks = String(Number(turn.dataset.chunks) + 1);
  turn.querySelector('.sql code').replaceChildren(highlightSql(turn.dataset.sql));
  setStatus('Writing SQL…', false);
}

function showAnswer(turn, database, answer) {
  turn.querySelector('.answer-head').hidden = false;
  turn.querySelector('.answer').hidden = false;
  for (const w of answer.warnings || []) {
    const div = document.createElement('div'); div.className = 'warning'; div.textContent = w;
    turn.querySelector('.warnings').appendChild(div);
  }
  setBadge(turn, answer.valid, answer.sql || '');
  turn.querySelector('.attempts').textContent = `${answer.attempts} attempt${answer.attempts === 1 ? '' : 's'}`;
  turn.querySelector('.sql code').replaceChildren(highlightSql(answer.sql || '(no SQL)'));
  if (answer.error) { showError(turn, answer.error); }
  const run = turn.querySelector('.run');
  const editor = turn.querySelector('.sql-editor');
  run.hidden = !answer.valid;
  run.addEventListener('click', () => runSql(turn, database, currentSql(turn, answer)));
  editor.addEventListener('input', () => forgetStale(turn, editor.value));
  turn.querySelector('.edit').addEventListener('click', (event) => {
    if (editor.hidden) {
      editor.value = answer.sql || '';
      editor.hidden = false;
      turn.querySelector('.sql').hidden = true;
      run.hidden = false;
      event.target.textContent = 'Check';
      editor.focus();
    } else {
      checkSql(turn, database, editor.value);
    }
  });
  turn.querySelector('.copy').addEventListener('click', async (event) => {
    try { await navigator.clipboard.writeText(currentSql(turn, answer)); event.target.textContent = 'Copied'; }
    catch (e) { event.target.textContent = 'Copy failed'; }
    setTimeout(() => { event.target.textContent = 'Copy SQL'; }, 1500);
  });
  if (answer.columns) {
    turn.querySelector('.result').replaceChildren(renderGrid(answer.columns, answer.rows || [], answer.truncated));
    turn.dataset.resultSql = answer.sql || '';
  }
}

$('ask-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const question = $('question').value.trim();
  const database = $('database').value;
  // An empty field gets the browser's own "required" prompt; blanks pass it, so they are answered here.
  if (!question) { setStatus('Type a question first.', true); $('question').focus(); return; }
  if (!database) { setStatus('Pick a database first.', true); return; }
  const button = $('ask');
  button.disabled = true;
  setStatus('Thinking…', false);
  const turn = addTurn(question);
  try {
    const answer = await generateStreaming({ database, question, conversationId, execute: $('execute').checked },
      (text) => showSqlSoFar(turn, text));
    turn.classList.remove('streaming');
    showAnswer(turn, database, answer);
    $('question').value = '';
    setStatus('', false);
  } catch (e) {
    turn.classList.remove('streaming');
    turn.querySelector('.answer').hidden = false;
    turn.querySelector('.answer-head').hidden = true;
    turn.querySelector('.sql').hidden = true;
    showError(turn, `Error: ${e.message}`);
    setStatus('', false);
  } finally {
    button.disabled = false;
  }
});

$('question').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { $('ask-form').requestSubmit(); }
});
$('database').addEventListener('change', () => { conversationId = newConversationId(); $('chat').innerHTML = ''; loadSchema(false); });
$('refresh-schema').addEventListener('click', (event) => { event.preventDefault(); loadSchema(true); });
$('schema-filter').addEventListener('input', filterSchema);
$('new-conversation').addEventListener('click', () => { conversationId = newConversationId(); $('chat').innerHTML = ''; });

loadDatabases();
