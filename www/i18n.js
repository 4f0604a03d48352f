// The page's two interface languages: Arabic (the default, written in index.html itself) and
// English. A message is a list of parts: strings, and { isolate } pieces (a file name, an error
// from the core) that the page puts in a <bdi> so that their direction cannot reorder the
// sentence. The article is never translated and stays right to left in both.

export const LANGUAGES = { ar: { dir: 'rtl', switchTo: 'en' }, en: { dir: 'ltr', switchTo: 'ar' } };

const isolate = (text) => ({ isolate: String(text) });
const number = (n, language) => n.toLocaleString(language);

const MESSAGES = {
  ar: {
    types: {
      PER: 'شخص', LOC: 'مكان', ORG: 'منظمة', NORP: 'جنسية', DATE: 'تاريخ', TIME: 'وقت',
      MONEY: 'مبلغ', PERCENT: 'نسبة', QUOTE: 'اقتباس',
    },
    kinds: { direct: 'مباشر', partial: 'جزئي', colon: 'بعد نقطتين', indirect: 'غير مباشر' },
    loading: () => ['جارٍ تحميل محرك التحليل…'],
    coreFailed: (reason) => ['تعذّر تحليل هذا النص: ', isolate(reason),
      '. النص محفوظ في خانة الإدخال وفي المقال؛ عدّله أو أعد تحميل الصفحة للمحاولة من جديد.'],
    chunks: (done, all) => [`يُحلَّل النص: ${done} من ${all} جزءا…`],
    annotated: (entities, quotes, ms) => [`${entities} كيانا و${quotes} اقتباسا، حُلّلت في ${ms} م.ث.`],
    imported: (entities, quotes) => [`${entities} كيانا و${quotes} اقتباسا، من ملف مستورد.`],
    ready: () => ['جاهز. اختر مقالا أو الصق نصا.'],
    more: (n) => [`… و${n} أخرى.`],
    unknownSpeaker: () => ['متحدث غير محدد'],
    noQuotes: () => ['لا اقتباسات.'],
    noEntities: () => ['لا كيانات.'],
    quoteTitle: (kind, n) => [`اقتباس ${kind} · QUOTE ${n}`],
    speaker: () => ['المتحدث'],
    unknown: () => ['غير محدد'],
    cue: () => ['الفعل'],
    addressee: () => ['الموجَّه إليه'],
    via: () => ['نقلًا عبر'],
    source: () => ['المصدر'],
    name: () => ['الاسم'],
    inText: () => ['في النص'],
    storageFailed: (error) => ['تعذّر حفظ المقال في هذا المتصفح (', isolate(error), ')؛ لن يبقى بعد إعادة التحميل.'],
    tooLongToKeep: (n) => [`النص أطول من أن يُحفظ (${number(n, 'ar')} حرفا)؛ لن يبقى بعد إعادة التحميل.`],
    longTextPlaceholder: (n) => [`نص طويل (${number(n, 'ar')} حرفا) معروض في المقال. اكتب هنا لاستبداله.`],
    notText: (file) => ['الملف «', isolate(file), '» لا يبدو ملفا نصيا؛ بقي المقال الحالي كما هو.'],
    opened: (file, encoding) => ['فُتح الملف «', isolate(file), '» بترميز ', isolate(encoding), '.'],
    importFailed: (file, error) => ['تعذّر استيراد «', isolate(file), '»: ', isolate(error), '. بقي المقال الحالي كما هو.'],
    importDone: (file) => ['استُورد الملف «', isolate(file), '»: تُعرض تعليقاته كما هي.'],
    noCore: (error) => ['تعذّر تحميل محرك التحليل (WebAssembly): ', isolate(error), '. جرّب متصفحا حديثا.'],
    noHighlights: () => ['هذا المتصفح لا يدعم واجهة التمييز (CSS Custom Highlight API)؛ تظهر القوائم دون تمييز في النص.'],
    whoSaidWhat: () => ['من قال ماذا'],
    addEntity: () => ['إضافة كيان:'],
    chooseType: () => ['النوع (1–8)'],
    changeType: () => ['تغيير النوع (1–8)'],
    bounds: () => ['الحدود'],
    growStart: () => ['+ كلمة قبله'],
    shrinkStart: () => ['− أول كلمة'],
    growEnd: () => ['+ كلمة بعده'],
    shrinkEnd: () => ['− آخر كلمة'],
    mergeInto: () => ['دمج مع كيان آخر'],
    remove: () => ['حذف'],
    close: () => ['إغلاق'],
    corrected: (entities, quotes, edits) => [`${entities} كيانا و${quotes} اقتباسا، بعد ${edits} تصحيحا.`],
    listApplied: (n) => [`القائمة الشخصية مطبّقة: ${n} اسما.`],
    listError: (error) => ['لم تُطبَّق القائمة: ', isolate(error), '. بقيت القائمة السابقة مستعملة.'],
    listEmptyName: () => ['اكتب الاسم المعتمد أولا.'],
    sharedTitle: (name) => [`${name} — قول`],
  },
  en: {
    types: {
      PER: 'Person', LOC: 'Place', ORG: 'Organization', NORP: 'Nationality', DATE: 'Date', TIME: 'Time',
      MONEY: 'Amount', PERCENT: 'Percentage', QUOTE: 'Quote',
    },
    kinds: { direct: 'direct', partial: 'partial', colon: 'after a colon', indirect: 'indirect' },
    loading: () => ['Loading the annotation engine…'],
    coreFailed: (reason) => ['This text could not be annotated: ', isolate(reason),
      '. The text is kept in the input box and the article; edit it or reload the page to try again.'],
    chunks: (done, all) => [`Annotating: ${done} of ${all} parts…`],
    annotated: (entities, quotes, ms) => [`${entities} entities and ${quotes} quotes, annotated in ${ms} ms.`],
    imported: (entities, quotes) => [`${entities} entities and ${quotes} quotes, from an imported file.`],
    ready: () => ['Ready. Pick an article or paste a text.'],
    more: (n) => [`… and ${n} more.`],
    unknownSpeaker: () => ['Unknown speaker'],
    noQuotes: () => ['No quotes.'],
    noEntities: () => ['No entities.'],
    quoteTitle: (kind, n) => [`Quote, ${kind} · QUOTE ${n}`],
    speaker: () => ['Speaker'],
    unknown: () => ['unknown'],
    cue: () => ['Cue'],
    addressee: () => ['Addressee'],
    via: () => ['Via'],
    source: () => ['Source'],
    name: () => ['Name'],
    inText: () => ['In the text'],
    storageFailed: (error) => ['The article could not be saved in this browser (', isolate(error), '); it will not survive a reload.'],
    tooLongToKeep: (n) => [`The text is too long to keep (${number(n, 'en')} characters); it will not survive a reload.`],
    longTextPlaceholder: (n) => [`A long text (${number(n, 'en')} characters) is shown in the article. Type here to replace it.`],
    notText: (file) => ['The file “', isolate(file), '” does not look like text; the article is unchanged.'],
    opened: (file, encoding) => ['Opened “', isolate(file), '” as ', isolate(encoding), '.'],
    importFailed: (file, error) => ['Could not import “', isolate(file), '”: ', isolate(error), '. The article is unchanged.'],
    importDone: (file) => ['Imported “', isolate(file), '”: its annotations are shown as they are.'],
    noCore: (error) => ['The annotation engine (WebAssembly) did not load: ', isolate(error), '. Try a recent browser.'],
    noHighlights: () => ['This browser lacks the CSS Custom Highlight API; the lists work, the text is not highlighted.'],
    whoSaidWhat: () => ['Who said what'],
    addEntity: () => ['Add an entity:'],
    chooseType: () => ['Type (1–8)'],
    changeType: () => ['Change the type (1–8)'],
    bounds: () => ['Bounds'],
    growStart: () => ['+ word before'],
    shrinkStart: () => ['− first word'],
    growEnd: () => ['+ word after'],
    shrinkEnd: () => ['− last word'],
    mergeInto: () => ['Merge into another entity'],
    remove: () => ['Remove'],
    close: () => ['Close'],
    corrected: (entities, quotes, edits) => [`${entities} entities and ${quotes} quotes, after ${edits} corrections.`],
    listApplied: (n) => [`Personal list in use: ${n} names.`],
    listError: (error) => ['The list was not applied: ', isolate(error), '. The previous list stays in use.'],
    listEmptyName: () => ['Type the canonical name first.'],
    sharedTitle: (name) => [`${name} — Qawl`],
  },
};

// English for the static parts of index.html, by their data-i18n keys. The Arabic is the page's
// own text, read from it when the page starts.
const STATIC_EN = {
  tagline: 'Names, places, organizations and dates, and who said what, in Arabic news. It all runs in your browser: the text never leaves this page.',
  loading: 'Loading the annotation engine…',
  sample: 'Sample article',
  chooseSample: '— choose an article —',
  openFile: 'Open a text file',
  importJson: 'Import JSON to resume work',
  export: 'Export',
  paste: 'Paste or type a text',
  pastePlaceholder: 'Paste an Arabic article here, or drop a text file on the article. The text is annotated as you type.',
  legend: 'Show and hide',
  'type.PER': 'Person', 'type.LOC': 'Place', 'type.ORG': 'Organization', 'type.NORP': 'Nationality',
  'type.DATE': 'Date', 'type.TIME': 'Time', 'type.MONEY': 'Amount', 'type.PERCENT': 'Percentage',
  'type.QUOTE': 'Quote',
  article: 'The article',
  keysHelp: 'Point at any highlight to see its details, or click the article and use ← → to move between highlights. To correct: select text to add an entity, or click a highlight (or press Enter on it) to change its type or bounds, remove it or merge it, or to change a quote’s speaker; Shift with ← → selects words by keyboard, then a digit 1 to 8 picks the type; Ctrl+Z undoes, Ctrl+Y redoes. Drop a text file here to open it.',
  listTitle: 'My personal list of names',
  listAdd: 'Add a name',
  listType: 'Type',
  listCanonical: 'Canonical name',
  listVariants: 'Other spellings, separated by commas',
  listAddButton: 'Add',
  listText: 'The list in Qawl’s list format: one name per line, the canonical name then its spellings separated by tabs, and “#! PER” or LOC, ORG or NORP before the names of each type',
  listApply: 'Apply the list',
  listExport: 'Export the list (.txt)',
  listImport: 'Import a list:',
  corrections: 'Corrections',
  undo: 'Undo',
  redo: 'Redo',
  summary: 'Summary',
  whoSaidWhat: 'Who said what',
  entities: 'Entities',
  footer: 'Qawl is an open-source annotator that runs entirely in the browser (WebAssembly). The figures are computed on your machine.',
  benchmarks: 'Speed and size',
  sources: 'Text source',
  exportJson: 'JSON (the command line’s schema)',
  exportHtml: 'HTML for sharing',
  title: 'Qawl — who said what',
};

/** The interface's language: a small object the page asks for every piece of text it shows. */
export class Language {
  constructor(code) {
    this.originals = new Map();
    this.set(code);
  }

  set(code) {
    this.code = Object.hasOwn(LANGUAGES, code) ? code : 'ar';
    this.messages = MESSAGES[this.code];
  }

  /** The parts of message `key` with `args`. */
  say(key, ...args) {
    return this.messages[key](...args);
  }

  /** Message `key` as one string (its isolated parts inlined). */
  text(key, ...args) {
    return this.say(key, ...args).map((part) => (typeof part === 'string' ? part : part.isolate)).join('');
  }

  /** A static string of the page in this language; `arabic` is the page's own text. */
  staticText(key, arabic) {
    return this.code === 'ar' ? arabic : STATIC_EN[key];
  }

  type(label) {
    return this.messages.types[label] || label;
  }

  kind(kind) {
    return this.messages.kinds[kind] || kind;
  }

  /**
   * Translates the static page: text of [data-i18n], and the attributes named by
   * data-i18n-placeholder, data-i18n-title and data-i18n-label (aria-label); the direction and
   * language of <html> follow.
   */
  apply(root) {
    const translate = (element, attribute, key) => {
      const id = `${attribute} ${key}`;
      if (!this.originals.has(element)) this.originals.set(element, new Map());
      const saved = this.originals.get(element);
      const current = attribute === 'text' ? element.textContent : element.getAttribute(attribute);
      if (!saved.has(id)) saved.set(id, current);
      const value = this.code === 'ar' ? saved.get(id) : STATIC_EN[key];
      // Writing the same text again would still replace the element's text and make the
      // browser style and lay it out again (at start-up, every translated element).
      if (value === undefined || value === null || value === current) return;
      if (attribute === 'text') element.textContent = value; else element.setAttribute(attribute, value);
    };
    for (const element of root.querySelectorAll('[data-i18n]')) translate(element, 'text', element.dataset.i18n);
    for (const [data, attribute] of [['i18nPlaceholder', 'placeholder'], ['i18nTitle', 'title'], ['i18nLabel', 'aria-label']]) {
      const selector = `[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
      for (const element of root.querySelectorAll(selector)) translate(element, attribute, element.dataset[data]);
    }
    root.documentElement.lang = this.code;
    root.documentElement.dir = LANGUAGES[this.code].dir;
  }
}
