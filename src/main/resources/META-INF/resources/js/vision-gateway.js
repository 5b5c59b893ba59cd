/**
 * vision-gateway's browser client: describe, compare and OCR images, list the models. An ES module with no
 * dependencies; the gateway serves it at /js/vision-gateway.js.
 *
 *     import { describe, GatewayError } from 'https://gateway.example.com/js/vision-gateway.js';
 *     const answer = await describe({ images: [fileInput.files[0]], prompt: 'Who is on it?' });
 *     for await (const event of await describe({ images: [...fileInput.files], stream: true })) { ... }
 *
 * Files and Blobs are uploaded as multipart/form-data (never base64-inflated in the browser); URLs and file ids
 * go as JSON. A streamed answer is read from the POST response with fetch and a ReadableStream, which
 * EventSource cannot do. Aborting the AbortSignal stops the request, and the gateway then cancels the model call.
 * A problem the gateway answers (application/problem+json) is thrown as a GatewayError carrying the document.
 *
 * The request and answer fields are described in the gateway's README and docs/ARCHITECTURE.md section 2.
 * @module vision-gateway
 */

/** @typedef {'describe' | 'compare' | 'ocr'} Operation */
/** @typedef {'low' | 'high' | 'auto'} Detail */
/** @typedef {'text' | 'markdown' | 'json'} OcrFormat */

/**
 * An image: a File or Blob (uploaded), an https or data: URL (as a string or URL), or the JSON shape itself.
 * @typedef {Blob | string | URL | {url: string, detail?: Detail} | {file_id: string, mime_type?: string, detail?: Detail}} ImageSource
 */

/**
 * @typedef {object} VisionRequest
 * @property {ImageSource[]} images 1..30 images (compare: at least 2)
 * @property {string} [prompt] appended to the operation's own instruction
 * @property {string} [model] a model id from {@link Client.models}; else the operation's default
 * @property {Detail} [detail] sent only to models that take it (OpenAI)
 * @property {string} [language] answer language (describe, compare) or OCR language hint (ocr)
 * @property {OcrFormat} [format] ocr only; default text
 * @property {number} [maxTokens] passed to the model as max_tokens
 * @property {object[]} [history] earlier turns in OpenAI message shape
 * @property {boolean} [stream] true: answer with an async iterator of {@link StreamEvent}s
 * @property {AbortSignal} [signal] aborts the request, or the stream while it is read
 */

/**
 * What the gateway did with one image. Images passed by reference (a URL the router fetches, a file id) carry
 * only index, source, sent_as and empty actions.
 * @typedef {object} ImageReport
 * @property {number} index
 * @property {'url' | 'data' | 'upload' | 'file'} source
 * @property {'url' | 'data' | 'file'} sent_as
 * @property {string} [format] what was sent: JPEG, PNG...
 * @property {number} [width]
 * @property {number} [height]
 * @property {number} [bytes]
 * @property {string} [sha256]
 * @property {{format: string, width: number, height: number, bytes: number, declared_type?: string}} [original] what arrived
 * @property {string[]} actions e.g. sent_as_is, metadata_stripped, resized, encoded_jpeg_q85
 */

/**
 * @typedef {object} Usage
 * @property {number} prompt_tokens
 * @property {number} completion_tokens
 * @property {number} total_tokens
 */

/**
 * @typedef {object} VisionAnswer
 * @property {string} id
 * @property {Operation} operation
 * @property {string} model
 * @property {string} text
 * @property {string} finish_reason
 * @property {Usage} [usage] absent when the model reports none (local models)
 * @property {ImageReport[]} images
 * @property {string[]} warnings
 * @property {boolean} [cached] true when the gateway's answer cache gave it (asked earlier; usage is the original's)
 */

/**
 * An RFC 9457 problem document, as the gateway answers every error.
 * @typedef {object} Problem
 * @property {string} type
 * @property {string} title
 * @property {number} status
 * @property {string} [code] stable and machine-readable: unsupported_format, invalid_detail, ...
 * @property {string} [field] the field at fault: images[0].detail, image[1] (a form's upload), prompt, ...
 * @property {string} detail a sentence for people
 */

/**
 * @typedef {{id: string, operation: Operation, model: string, images: ImageReport[], warnings: string[],
 *   cached?: boolean}} MetaData
 * @typedef {{finish_reason: string, usage?: Usage}} DoneData
 */

/**
 * One Server-Sent Event of a streamed answer: meta first, then a delta per piece of text, then done, or error
 * when the answer fails after it started (the iterator ends after either).
 * @typedef {{type: 'meta', data: MetaData}
 *   | {type: 'delta', data: {text: string}}
 *   | {type: 'done', data: DoneData}
 *   | {type: 'error', data: Problem, error: GatewayError}} StreamEvent
 */

/**
 * @typedef {object} CatalogModel
 * @property {string} id
 * @property {string} [name]
 * @property {string[]} input_modalities
 * @property {Operation[]} operations
 * @property {boolean} takes_detail whether the model uses `detail`
 * @property {number} [context_length]
 * @property {'router' | 'local'} backend local: runs on the gateway's machine, offline
 */

/**
 * @typedef {object} ModelList
 * @property {'list'} object
 * @property {boolean} stale true while the router is failing and a kept copy of its catalog is served
 * @property {CatalogModel[]} data
 */

/**
 * @typedef {object} ClientOptions
 * @property {string | URL} [baseUrl] the gateway's root; default: where this module was loaded from
 * @property {typeof fetch} [fetch] a fetch implementation; default: the browser's
 * @property {Record<string, string>} [headers] sent with every request
 */

/**
 * @template {VisionRequest} R
 * @typedef {R extends {stream: true} ? AsyncGenerator<StreamEvent, void, undefined> : VisionAnswer} Reply
 */

/**
 * @typedef {object} Client
 * @property {<R extends VisionRequest>(request: R) => Promise<Reply<R>>} describe describe 1..N images
 * @property {<R extends VisionRequest>(request: R) => Promise<Reply<R>>} compare compare 2..N images
 * @property {<R extends VisionRequest>(request: R) => Promise<Reply<R>>} ocr transcribe the text of 1..N images
 * @property {(options?: {operation?: Operation, signal?: AbortSignal}) => Promise<ModelList>} models the image models, optionally those serving one operation
 */

/** A problem the gateway answered, as an Error; `problem` is the whole document. */
export class GatewayError extends Error {
    /**
     * @param {Problem} problem
     * @param {number} [retryAfter] seconds, from the Retry-After header (429, most 503s)
     */
    constructor(problem, retryAfter) {
        super(problem.detail || problem.title || 'HTTP ' + problem.status);
        this.name = 'GatewayError';
        /** @type {Problem} */
        this.problem = problem;
        /** @type {number} */
        this.status = problem.status;
        /** @type {string | undefined} */
        this.code = problem.code;
        /** @type {string | undefined} */
        this.field = problem.field;
        /** @type {string} */
        this.detail = problem.detail;
        /** @type {number | undefined} */
        this.retryAfter = retryAfter;
    }
}

// The gateway's root is the folder above this module's: /js/vision-gateway.js lives at <root>/js/.
const MODULE_ROOT = new URL('../', import.meta.url);

/**
 * A client for one gateway.
 * @param {ClientOptions} [options]
 * @returns {Client}
 */
export function createClient(options = {}) {
    const root = new URL(options.baseUrl ?? MODULE_ROOT);
    if (!root.pathname.endsWith('/')) {
        root.pathname += '/';
    }
    const send = options.fetch ?? ((input, init) => fetch(input, init));
    const headers = options.headers ?? {};

    /**
     * @param {Operation} operation
     * @param {VisionRequest} request
     */
    async function run(operation, request) {
        if (!request || !Array.isArray(request.images)) {
            throw new TypeError('The request needs images: an array of Files, Blobs, URLs or {url} / {file_id} objects.');
        }
        const response = await send(new URL('v1/' + operation, root), {
            method: 'POST',
            headers: headers,
            body: await requestBody(request),
            signal: request.signal,
        });
        if (!response.ok) {
            throw await problemOf(response);
        }
        if (request.stream) {
            return events(response);
        }
        return response.json();
    }

    return Object.freeze({
        describe: (/** @type {any} */ request) => run('describe', request),
        compare: (/** @type {any} */ request) => run('compare', request),
        ocr: (/** @type {any} */ request) => run('ocr', request),
        async models({ operation, signal } = {}) {
            const url = new URL('v1/models', root);
            if (operation) {
                url.searchParams.set('operation', operation);
            }
            const response = await send(url, { headers: headers, signal: signal });
            if (!response.ok) {
                throw await problemOf(response);
            }
            return response.json();
        },
    });
}

/** @type {Client | undefined} */
let moduleClient;

/** @returns {Client} the client of the gateway this module was loaded from */
function defaultClient() {
    moduleClient ??= createClient();
    return moduleClient;
}

/**
 * Describes 1..N images, on the gateway this module was loaded from.
 * @template {VisionRequest} R
 * @param {R} request
 * @returns {Promise<Reply<R>>}
 */
export function describe(request) {
    return defaultClient().describe(request);
}

/**
 * Compares 2..N images, on the gateway this module was loaded from.
 * @template {VisionRequest} R
 * @param {R} request
 * @returns {Promise<Reply<R>>}
 */
export function compare(request) {
    return defaultClient().compare(request);
}

/**
 * Transcribes the text of 1..N images, on the gateway this module was loaded from.
 * @template {VisionRequest} R
 * @param {R} request
 * @returns {Promise<Reply<R>>}
 */
export function ocr(request) {
    return defaultClient().ocr(request);
}

/**
 * The image models of the gateway this module was loaded from.
 * @param {{operation?: Operation, signal?: AbortSignal}} [options]
 * @returns {Promise<ModelList>}
 */
export function models(options) {
    return defaultClient().models(options);
}

/**
 * Uploads as a multipart form when every image is a Blob; JSON otherwise. The form carries files only, so a
 * request mixing Blobs with URLs goes as JSON with the Blobs as data: URLs (the one case that base64-encodes).
 * @param {VisionRequest} request
 * @returns {Promise<FormData | Blob>}
 */
async function requestBody(request) {
    const fields = {
        prompt: request.prompt,
        model: request.model,
        detail: request.detail,
        language: request.language,
        format: request.format,
        max_tokens: request.maxTokens,
        history: request.history,
        stream: request.stream ? true : undefined,
    };
    const images = request.images;
    if (images.length > 0 && images.every((image) => image instanceof Blob)) {
        const form = new FormData();
        images.forEach((image, i) => {
            const blob = /** @type {Blob} */ (image);
            form.append('image', blob, 'name' in blob && blob.name ? String(blob.name) : 'image-' + (i + 1));
        });
        for (const [name, value] of Object.entries(fields)) {
            if (present(value)) {
                form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
            }
        }
        return form;
    }
    /** @type {Record<string, unknown>} */
    const body = { images: await Promise.all(images.map(jsonImage)) };
    for (const [name, value] of Object.entries(fields)) {
        if (present(value)) {
            body[name] = value;
        }
    }
    // a Blob body carries its type and a known length: the gateway asks JSON bodies for a Content-Length
    return new Blob([JSON.stringify(body)], { type: 'application/json' });
}

/** @param {unknown} value */
function present(value) {
    return value !== undefined && value !== null && value !== '';
}

/**
 * @param {ImageSource} image
 * @returns {Promise<object>}
 */
async function jsonImage(image) {
    if (image instanceof Blob) {
        return { url: await dataUrl(image) };
    }
    if (typeof image === 'string' || image instanceof URL) {
        return { url: String(image) };
    }
    if (image && typeof image === 'object') {
        return image;
    }
    throw new TypeError('An image must be a File, Blob, URL string, URL, {url} or {file_id}; got ' + typeof image + '.');
}

/** @param {Blob} blob */
async function dataUrl(blob) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    // String.fromCharCode takes its arguments on the stack: go in slices
    for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
    }
    return 'data:' + (blob.type || 'application/octet-stream') + ';base64,' + btoa(binary);
}

/**
 * The response's problem document as a GatewayError; a body that is not one (a proxy's error page) becomes a
 * problem of the response's status.
 * @param {Response} response
 * @returns {Promise<GatewayError>}
 */
async function problemOf(response) {
    /** @type {any} */
    let body = null;
    if ((response.headers.get('content-type') || '').includes('json')) {
        body = await response.json().catch(() => null);
    }
    if (!body || typeof body !== 'object') {
        body = {
            type: 'about:blank',
            title: response.statusText || 'HTTP ' + response.status,
            status: response.status,
            detail: 'The gateway answered HTTP ' + response.status + ' without a problem document.',
        };
    }
    body.status ??= response.status;
    const retryAfter = Number.parseInt(response.headers.get('retry-after') || '', 10);
    return new GatewayError(body, Number.isNaN(retryAfter) ? undefined : retryAfter);
}

/**
 * The events of a text/event-stream body, one by one as they arrive. The iterator ends after done or error;
 * leaving it early (break, return, an exception) cancels the body, which closes the connection, and the gateway
 * then cancels the model call. A body that ends before done or error throws.
 * @param {Response} response
 * @returns {AsyncGenerator<StreamEvent, void, undefined>}
 */
async function* events(response) {
    if (!response.body) {
        throw new Error('The gateway answered a stream without a body.');
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = new EventParser();
    try {
        for (;;) {
            const { value, done } = await reader.read();
            const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
            for (const event of parser.push(text, done)) {
                yield event;
                if (event.type === 'done' || event.type === 'error') {
                    return;
                }
            }
            if (done) {
                throw new Error('The answer stream ended before its done event: the connection was lost.');
            }
        }
    } finally {
        // a no-op once the body has ended; otherwise it closes the connection
        reader.cancel().catch(() => {});
    }
}

/** Reads Server-Sent Events (event and data fields, comments, any line ending) from text pieces. */
class EventParser {
    constructor() {
        this.buffer = '';
        this.name = '';
        /** @type {string[]} */
        this.data = [];
    }

    /**
     * @param {string} text
     * @param {boolean} last no more text will come
     * @returns {StreamEvent[]}
     */
    push(text, last) {
        this.buffer += text;
        /** @type {StreamEvent[]} */
        const parsed = [];
        for (;;) {
            const end = this.buffer.search(/\r\n|\r|\n/);
            // a lone CR at the end may be the first half of a CRLF
            if (end < 0 || (end === this.buffer.length - 1 && this.buffer[end] === '\r' && !last)) {
                break;
            }
            const line = this.buffer.slice(0, end);
            this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
            const event = this.line(line);
            if (event) {
                parsed.push(event);
            }
        }
        return parsed;
    }

    /**
     * @param {string} line
     * @returns {StreamEvent | null}
     */
    line(line) {
        if (line === '') {
            const name = this.name || 'message';
            const data = this.data.join('\n');
            this.name = '';
            this.data = [];
            return data === '' ? null : toEvent(name, data);
        }
        if (line.startsWith(':')) {
            return null;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
            value = value.slice(1);
        }
        if (field === 'event') {
            this.name = value;
        } else if (field === 'data') {
            this.data.push(value);
        }
        return null;
    }
}

/**
 * @param {string} name
 * @param {string} data
 * @returns {StreamEvent}
 */
function toEvent(name, data) {
    const parsed = JSON.parse(data);
    if (name === 'error') {
        return { type: 'error', data: parsed, error: new GatewayError(parsed) };
    }
    return /** @type {StreamEvent} */ ({ type: name, data: parsed });
}
