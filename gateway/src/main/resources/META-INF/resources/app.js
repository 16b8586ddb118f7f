// The SQL web client: lists the databases, sends a question, shows the SQL and, when run, the rows.
const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({ error: { message: `HTTP ${response.status}` } }));
  if (!response.ok) {
    throw new Error(body.error ? body.error.message : `HTTP ${response.status}`);
  }
  return body;
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
  } catch (e) {
    select.innerHTML = '<option value="">unavailable</option>';
    $('status').textContent = `Could not list databases: ${e.message}`;
  }
}

function renderTable(columns, rows, truncated) {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const c of columns) { const th = document.createElement('th'); th.textContent = c; head.appendChild(th); }
  const tbody = table.createTBody();
  for (const row of rows) {
    const tr = tbody.insertRow();
    for (const value of row) { tr.insertCell().textContent = value; }
  }
  const caption = table.createCaption();
  caption.textContent = `${rows.length} row${rows.length === 1 ? '' : 's'}${truncated ? ' (truncated)' : ''}`;
  return table;
}

function showAnswer(answer) {
  $('answer').hidden = false;
  $('warnings').innerHTML = '';
  for (const w of answer.warnings || []) {
    const div = document.createElement('div'); div.className = 'warning'; div.textContent = w;
    $('warnings').appendChild(div);
  }
  $('sql').textContent = answer.sql || '(no SQL)';
  $('validity').textContent = answer.valid ? 'valid' : 'not valid';
  $('validity').className = `badge ${answer.valid ? 'ok' : 'bad'}`;
  $('error').hidden = !answer.error;
  $('error').textContent = answer.error || '';
  $('result').innerHTML = '';
  if (answer.columns) { $('result').appendChild(renderTable(answer.columns, answer.rows || [], answer.truncated)); }
}

$('ask-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = $('ask');
  button.disabled = true;
  $('status').textContent = 'Thinking…';
  try {
    const answer = await api('/v1/sql/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ database: $('database').value, question: $('question').value, execute: $('execute').checked }),
    });
    showAnswer(answer);
    $('status').textContent = `Answered in ${answer.attempts} attempt${answer.attempts === 1 ? '' : 's'}.`;
  } catch (e) {
    $('status').textContent = `Error: ${e.message}`;
  } finally {
    button.disabled = false;
  }
});

loadDatabases();
