// The benchmarks page: fills its tables from bench/summary.json (written by benches/plot.py from
// the benches' output). Text only, through textContent.

const $ = (selector) => document.querySelector(selector);

function cell(row, text, header = false) {
  const node = document.createElement(header ? 'th' : 'td');
  node.textContent = text;
  node.dir = 'auto';
  row.append(node);
}

const ms = (value) => (typeof value === 'number' ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : '—');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function show() {
  let summary;
  try {
    const response = await fetch('bench/summary.json', { cache: 'no-store' });
    summary = await response.json();
  } catch (error) {
    $('#bench-status').textContent = `تعذّر تحميل الأرقام: ${error.message}`;
    return;
  }
  const engines = Object.entries(summary.engines || {});
  const rows = [
    ['تحميل WebAssembly وترجمته وتهيئته', (e) => ms(e.load?.wasmInitMs)],
    ['من فتح الصفحة إلى أول مقال محلَّل', (e) => ms(e.load?.firstAnnotatedMs)],
    ['تحليل مقال نموذجي (وسيط)', (e) => ms(e.seedCoreMs)],
    ['إعادة العرض بعد تعديل', (e) => ms(e.rerenderMs)],
    ['نص 10 ميغابايت في الصفحة', (e) => (e.page10MB ? `${(e.page10MB.ms / 1000).toFixed(1)} s` : '—')],
    ['أطول مهمة على الخيط الرئيسي أثناءه', (e) => (e.page10MB && typeof e.page10MB.longestTaskMs === 'number' ? ms(e.page10MB.longestTaskMs) : 'غير متاح')],
    ['ذاكرة JavaScript بعد التحميل', (e) => (e.load?.heapBytes ? kb(e.load.heapBytes) : 'غير متاح')],
  ];
  const table = $('#bench-figures');
  const head = document.createElement('tr');
  cell(head, '', true);
  for (const [, e] of engines) cell(head, e.engine, true);
  table.append(head);
  for (const [label, value] of rows) {
    const row = document.createElement('tr');
    cell(row, label, true);
    for (const [, e] of engines) cell(row, value(e));
    table.append(row);
  }
  if (summary.size) {
    const sizes = $('#bench-size');
    const top = document.createElement('tr');
    for (const text of ['الجزء', 'خام', 'gzip', 'brotli']) cell(top, text, true);
    sizes.append(top);
    for (const [part, size] of [...Object.entries(summary.size.parts), ['المجموع', summary.size.total]]) {
      const row = document.createElement('tr');
      cell(row, part, true);
      for (const key of ['raw', 'gzip', 'brotli']) cell(row, kb(size[key]));
      sizes.append(row);
    }
  }
  $('#bench-status').textContent = '';
}

show();
