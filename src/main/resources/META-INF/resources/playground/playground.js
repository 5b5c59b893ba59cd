// The playground at /: a front-end of the gateway built only on /js/vision-gateway.js, the module apps use.
import { createClient, GatewayError } from '../js/vision-gateway.js';

/** @typedef {import('../js/vision-gateway.js').ImageReport} ImageReport */
/** @typedef {import('../js/vision-gateway.js').Problem} Problem */
/** @typedef {import('../js/vision-gateway.js').MetaData} MetaData */
/** @typedef {import('../js/vision-gateway.js').Operation} Operation */

/**
 * One chosen image: a picked, dropped or pasted File, or a URL; and what the last answer said about it.
 * @typedef {object} Chosen
 * @property {number} id
 * @property {File | string} source
 * @property {string} name
 * @property {string} thumb
 * @property {ImageReport} [report]
 * @property {string[]} warnings
 * @property {Problem} [problem]
 */

const gateway = createClient({ baseUrl: new URL('/', location.href) });

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
function byId(id) {
    const element = document.getElementById(id);
    if (!element) {
        throw new Error('the page has no #' + id);
    }
    return /** @type {T} */ (element);
}

const form = /** @type {HTMLFormElement} */ (byId('request'));
const filesInput = /** @type {HTMLInputElement} */ (byId('files'));
const filesError = byId('files-error');
const dropzone = byId('dropzone');
const urlInput = /** @type {HTMLInputElement} */ (byId('url'));
const addUrlButton = /** @type {HTMLButtonElement} */ (byId('add-url'));
const imageList = byId('images');
const modelSelect = /** @type {HTMLSelectElement} */ (byId('model'));
const modelHint = byId('model-hint');
const detailSelect = /** @type {HTMLSelectElement} */ (byId('detail'));
const languageInput = /** @type {HTMLInputElement} */ (byId('language'));
const formatField = byId('format-field');
const formatSelect = /** @type {HTMLSelectElement} */ (byId('format'));
const promptInput = /** @type {HTMLTextAreaElement} */ (byId('prompt'));
const runButton = /** @type {HTMLButtonElement} */ (byId('run'));
const stopButton = /** @type {HTMLButtonElement} */ (byId('stop'));
const statusLine = byId('run-status');
const problemBox = byId('problem');
const answerText = byId('answer');
const warningList = byId('warnings');

/** @type {Chosen[]} */
let images = [];
let nextId = 1;
/** @type {AbortController | null} */
let running = null;
/** @type {AbortController | null} */
let loadingModels = null;

/** @returns {Operation} */
function operation() {
    const checked = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name=operation]:checked'));
    return /** @type {Operation} */ (checked ? checked.value : 'describe');
}

// ---- images: pick, drop, paste, URL ----

/** @param {Iterable<File>} files */
function addFiles(files) {
    for (const file of files) {
        images.push({ id: nextId++, source: file, name: file.name || 'pasted image', thumb: URL.createObjectURL(file),
            warnings: [] });
    }
    forgetOutcome();
    renderImages();
}

function addUrl() {
    const text = urlInput.value.trim();
    if (!text) {
        urlInput.focus();
        return;
    }
    images.push({ id: nextId++, source: text, name: text.startsWith('data:') ? 'data: URL' : text, thumb: text,
        warnings: [] });
    urlInput.value = '';
    forgetOutcome();
    renderImages();
}

/** @param {number} id */
function removeImage(id) {
    const at = images.findIndex((image) => image.id === id);
    const [removed] = images.splice(at, 1);
    if (removed.thumb.startsWith('blob:')) {
        URL.revokeObjectURL(removed.thumb);
    }
    forgetOutcome();
    renderImages();
    // keep the keyboard where it was: on the next image's Remove button, else back on the picker
    const next = imageList.querySelectorAll('button.remove')[Math.min(at, images.length - 1)];
    /** @type {HTMLElement} */ (next || filesInput).focus();
}

filesInput.addEventListener('change', () => {
    addFiles(Array.from(filesInput.files || []));
    // picking the same file again must fire change again
    filesInput.value = '';
});
addUrlButton.addEventListener('click', addUrl);
urlInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
        // Enter in the URL field adds the URL rather than running the request
        event.preventDefault();
        addUrl();
    }
});
dropzone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropzone.classList.add('over');
});
dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropzone.classList.remove('over');
    const transfer = event.dataTransfer;
    if (transfer && transfer.files.length > 0) {
        addFiles(Array.from(transfer.files));
    } else if (transfer && transfer.getData('text/uri-list')) {
        urlInput.value = transfer.getData('text/uri-list').split(/\r?\n/)[0];
        addUrl();
    }
});
// a drop that misses the zone must not navigate away from the page
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());
document.addEventListener('paste', (event) => {
    const files = Array.from(event.clipboardData ? event.clipboardData.files : []);
    if (files.length > 0) {
        event.preventDefault();
        addFiles(files);
    }
});

function renderImages() {
    imageList.replaceChildren(...images.map(imageItem));
}

/**
 * @param {Chosen} image
 * @param {number} index
 */
function imageItem(image, index) {
    const item = element('li', 'image');
    item.id = 'image-' + image.id;
    item.dataset.index = String(index);
    const thumb = /** @type {HTMLImageElement} */ (element('img', 'thumb'));
    // the name beside it says what it is
    thumb.alt = '';
    thumb.addEventListener('error', () => item.classList.add('no-preview'));
    thumb.src = image.thumb;
    const body = element('div', 'image-body');
    const title = element('p', 'image-name');
    title.append(element('span', 'number', String(index + 1)), ' ', element('span', 'name', image.name));
    if (image.source instanceof File) {
        title.append(' ', element('span', 'muted', [image.source.type || 'unknown type',
            size(image.source.size)].join(', ')));
    }
    body.append(title);
    if (image.report) {
        body.append(reportList(image.report, image.warnings));
    } else if (image.warnings.length > 0) {
        body.append(reportList(null, image.warnings));
    }
    if (image.problem) {
        item.classList.add('invalid');
        body.append(element('p', 'image-error', 'Refused: ' + image.problem.status
            + (image.problem.code ? ' ' + image.problem.code : '')));
    }
    const remove = /** @type {HTMLButtonElement} */ (element('button', 'remove', 'Remove'));
    remove.type = 'button';
    remove.setAttribute('aria-label', 'Remove image ' + (index + 1) + ', ' + image.name);
    remove.addEventListener('click', () => removeImage(image.id));
    item.append(thumb, body, remove);
    return item;
}

/**
 * What the gateway did with an image: what arrived, what was sent, the actions and warnings.
 * @param {ImageReport | null} report
 * @param {string[]} warnings
 */
function reportList(report, warnings) {
    const list = element('dl', 'report');
    /**
     * @param {string} term
     * @param {string | Node} value
     */
    const row = (term, value) => {
        const pair = element('div');
        pair.append(element('dt', '', term), element('dd', '', value));
        list.append(pair);
    };
    if (report && report.format) {
        row('Sent', [report.format, report.width + ' × ' + report.height, size(report.bytes)].join(', '));
        const original = report.original;
        // what arrived, when the gateway changed it
        if (original && (original.format !== report.format || original.width !== report.width
            || original.height !== report.height || original.bytes !== report.bytes)) {
            row('Arrived', [original.format, original.width + ' × ' + original.height, size(original.bytes)]
                .join(', '));
        }
    } else if (report) {
        row('Sent', 'as a ' + report.sent_as + ' reference; the gateway did not read it');
    }
    if (report && report.actions.length > 0) {
        const actions = element('ul', 'chips');
        actions.append(...report.actions.map((action) => element('li', '', action.replaceAll('_', ' '))));
        row('Done', actions);
    }
    for (const warning of warnings) {
        row('Warning', warning);
    }
    return list;
}

// ---- operation and models ----

async function loadModels() {
    const wanted = operation();
    formatField.hidden = wanted !== 'ocr';
    if (loadingModels) {
        loadingModels.abort();
    }
    const controller = new AbortController();
    loadingModels = controller;
    const previous = modelSelect.value;
    /** @type {(HTMLOptionElement | HTMLOptGroupElement)[]} */
    const options = [new Option('Default of the gateway', '')];
    try {
        const list = await gateway.models({ operation: wanted, signal: controller.signal });
        const router = list.data.filter((model) => model.backend !== 'local');
        const local = list.data.filter((model) => model.backend === 'local');
        if (router.length > 0) {
            options.push(group('Router models', router.map((model) => new Option(model.id, model.id))));
        }
        if (local.length > 0) {
            options.push(group('On the gateway (offline)', local.map((model) => {
                const option = new Option(model.id + ' · local', model.id);
                option.dataset.backend = 'local';
                return option;
            })));
        }
        modelHint.textContent = 'Models marked “local” run on the gateway itself, offline.'
            + (list.stale ? ' The router is failing: its models are from a kept copy of the catalog.' : '');
    } catch (error) {
        if (controller.signal.aborted) {
            return;
        }
        modelHint.textContent = 'The model list could not be loaded (' + message(error) + '); the gateway will'
            + ' use its default.';
    }
    if (loadingModels !== controller) {
        return;
    }
    loadingModels = null;
    modelSelect.replaceChildren(...options);
    modelSelect.value = Array.from(modelSelect.options).some((option) => option.value === previous) ? previous : '';
    modelSelect.dataset.operation = wanted;
}

/**
 * @param {string} label
 * @param {HTMLOptionElement[]} options
 */
function group(label, options) {
    const optgroup = document.createElement('optgroup');
    optgroup.label = label;
    optgroup.append(...options);
    return optgroup;
}

for (const radio of form.querySelectorAll('input[name=operation]')) {
    radio.addEventListener('change', loadModels);
}

// ---- running a request ----

form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!running) {
        run();
    }
});
stopButton.addEventListener('click', stop);
document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && running) {
        event.preventDefault();
        stop();
    }
});

function stop() {
    if (running) {
        running.abort();
    }
}

async function run() {
    const wanted = operation();
    const controller = new AbortController();
    running = controller;
    forgetOutcome();
    renderImages();
    answerText.textContent = '';
    warningList.replaceChildren();
    warningList.hidden = true;
    setRunning(true);
    const model = modelSelect.value;
    setStatus('sending', 'Sending ' + count(images.length, 'image') + '…');
    const started = performance.now();
    try {
        const events = await gateway[wanted]({
            images: images.map((image) => image.source),
            model: model || undefined,
            prompt: promptInput.value.trim() || undefined,
            detail: /** @type {any} */ (detailSelect.value || undefined),
            language: languageInput.value.trim() || undefined,
            format: wanted === 'ocr' ? /** @type {any} */ (formatSelect.value) : undefined,
            stream: true,
            signal: controller.signal,
        });
        let answering = model;
        let cached = false;
        for await (const event of events) {
            if (event.type === 'meta') {
                answering = event.data.model;
                cached = event.data.cached === true;
                showMeta(event.data);
                setStatus('streaming', 'Answering with ' + answering + '…');
            } else if (event.type === 'delta') {
                answerText.append(event.data.text);
            } else if (event.type === 'done') {
                const usage = event.data.usage;
                setStatus('done', (cached ? 'From the answer cache: ' + answering + ' answered this question about these'
                    + ' images before; no model was asked (' : 'Done with ' + answering + ' in ' + seconds(started) + ' (')
                    + event.data.finish_reason + (usage ? ', ' + usage.total_tokens + ' tokens' : '') + ').');
            } else if (event.type === 'error') {
                showProblem(event.data);
                setStatus('failed', 'The answer broke off: ' + event.data.status + ' ' + (event.data.code || '') + '.');
            }
        }
    } catch (error) {
        if (controller.signal.aborted) {
            setStatus('stopped', 'Stopped after ' + seconds(started) + '; the gateway cancelled the model call.');
        } else if (error instanceof GatewayError) {
            showProblem(error.problem);
            setStatus('failed', 'Refused: ' + error.status + (error.code ? ' ' + error.code : '') + '.');
        } else {
            showProblem({ type: 'about:blank', title: 'No answer', status: 0, detail: message(error) });
            setStatus('failed', 'No answer: ' + message(error));
        }
    } finally {
        running = null;
        setRunning(false);
    }
}

/** @param {boolean} busy */
function setRunning(busy) {
    answerText.setAttribute('aria-busy', String(busy));
    runButton.disabled = busy;
    const hadFocus = document.activeElement;
    stopButton.disabled = !busy;
    // a disabled button drops the focus: hand it to the button that now does something
    if (busy && (hadFocus === runButton || hadFocus === document.body)) {
        stopButton.focus();
    } else if (!busy && (hadFocus === stopButton || hadFocus === document.body || hadFocus === null)) {
        runButton.focus();
    }
}

/**
 * @param {'idle' | 'sending' | 'streaming' | 'done' | 'stopped' | 'failed'} state
 * @param {string} text
 */
function setStatus(state, text) {
    statusLine.dataset.state = state;
    statusLine.textContent = text;
}

/** @param {MetaData} meta */
function showMeta(meta) {
    const general = [];
    for (const warning of meta.warnings) {
        // the intake's warnings about one image start "Image N ..."
        const about = /^Image (\d+)\b/.exec(warning);
        const image = about ? images[Number(about[1]) - 1] : undefined;
        if (image) {
            image.warnings.push(warning);
        } else {
            general.push(warning);
        }
    }
    for (const report of meta.images) {
        if (images[report.index]) {
            images[report.index].report = report;
        }
    }
    renderImages();
    warningList.replaceChildren(...general.map((warning) => element('li', '', warning)));
    warningList.hidden = general.length === 0;
}

/**
 * The problem's detail beside the field at fault, which is marked invalid and given the focus; a problem
 * without a field goes in the box above the answer.
 * @param {Problem} problem
 */
function showProblem(problem) {
    const text = problem.detail || problem.title;
    const code = [problem.status || '', problem.code || ''].join(' ').trim();
    const target = fieldOf(problem.field);
    if (!target) {
        problemBox.replaceChildren(element('strong', '', text), ' ', element('span', 'code', code));
        problemBox.hidden = false;
        return;
    }
    const [control, note] = target;
    note.replaceChildren(element('span', '', text), ' ', element('span', 'code', code));
    note.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    const index = /^images?\[(\d+)\]/.exec(problem.field || '');
    if (index && images[Number(index[1])]) {
        images[Number(index[1])].problem = problem;
        renderImages();
    }
    control.focus();
}

/**
 * The control a problem's field names, and the note beside it. Form fields are named as the form posts them
 * (image[0], detail), JSON ones by their path (images[0].detail).
 * @param {string | undefined} field
 * @returns {[HTMLElement, HTMLElement] | null}
 */
function fieldOf(field) {
    if (!field) {
        return null;
    }
    const image = /^images?(?:\[\d+\])?(?:\.(\w+))?/.exec(field);
    if (image && image[1] === 'detail') {
        return [detailSelect, byId('detail-error')];
    }
    if (image) {
        return [filesInput, filesError];
    }
    /** @type {Record<string, HTMLElement>} */
    const controls = { prompt: promptInput, model: modelSelect, detail: detailSelect, language: languageInput,
        format: formatSelect };
    return controls[field] ? [controls[field], byId(field + '-error')] : null;
}

/** Clears what the last answer said about the request: problems, marks and per-image reports. */
function forgetOutcome() {
    problemBox.hidden = true;
    problemBox.replaceChildren();
    for (const note of form.querySelectorAll('.field-error')) {
        /** @type {HTMLElement} */ (note).hidden = true;
        note.replaceChildren();
    }
    for (const control of form.querySelectorAll('[aria-invalid]')) {
        control.removeAttribute('aria-invalid');
    }
    for (const image of images) {
        image.report = undefined;
        image.problem = undefined;
        image.warnings = [];
    }
}

// ---- small helpers ----

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {string | Node} [content]
 */
function element(tag, className, content) {
    const made = document.createElement(tag);
    if (className) {
        made.className = className;
    }
    if (content !== undefined) {
        made.append(content);
    }
    return made;
}

/** @param {number | undefined} bytes */
function size(bytes) {
    if (bytes === undefined) {
        return '? bytes';
    }
    if (bytes < 1000) {
        return bytes + ' B';
    }
    return bytes < 1e6 ? (bytes / 1e3).toFixed(1) + ' kB' : (bytes / 1e6).toFixed(2) + ' MB';
}

/**
 * @param {number} n
 * @param {string} noun
 */
function count(n, noun) {
    return n + ' ' + noun + (n === 1 ? '' : 's');
}

/** @param {number} started */
function seconds(started) {
    return ((performance.now() - started) / 1000).toFixed(1) + ' s';
}

/** @param {unknown} error */
function message(error) {
    return error instanceof Error ? error.message : String(error);
}

loadModels();
