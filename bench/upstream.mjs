// A minimal, instant OpenAI-compatible router for the bench scripts (bench/benchservers.py starts it). No dependencies.
//   UPSTREAM_TLS_CERT=cert.pem UPSTREAM_TLS_KEY=key.pem node bench/upstream.mjs [port]   HTTPS (http/1.1)
//   node bench/upstream.mjs [port] --plain                                                plain HTTP
// port 0 or none: a free one; "PORT <n> <https|http>" is printed once it listens. Node cannot make a certificate:
// bench/benchservers.py makes a self-signed one for 127.0.0.1 with openssl and passes its paths. With UPSTREAM_H2=1 the
// HTTPS server also offers h2 by ALPN (http2.createSecureServer, HTTP/1.1 still accepted).
// GET  /api/models[?modality=image]  the catalog (its shape: src/test/java/.../support/RouterStubs.java)
// POST /v1/chat/completions          a chat.completion, or with "stream": true three chunks as SSE and [DONE]
// GET  /bench/last-chat              the last chat request's body as received (to check what a proxy forwarded)
// POST /v1/files                     the Files API: the multipart body read, answered {"id": "file-bench-<n>", ...}
// GET  /bench/stats[?reset=1]        since the last reset: bytes received (chat bodies, file uploads: bench/files)
//                                    and `connections`, the TCP connections accepted, less those whose first request
//                                    was for /bench/ (a script reading these stats); `tls_errors`, failed handshakes
// BODY_LIMIT=<bytes> in the environment: chat bodies over it are refused with a 413, as a real router does
// The request body is always read to its end before the answer is written.
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';

const args = process.argv.slice(2);
const PLAIN = args.includes('--plain');
const PORT = Number(args.find((a) => !a.startsWith('--')) || 0);
const { UPSTREAM_TLS_CERT: CERT, UPSTREAM_TLS_KEY: KEY } = process.env;
const H2 = process.env.UPSTREAM_H2 === '1';
if (!PLAIN && !(CERT && KEY)) {
  console.error('upstream.mjs: HTTPS needs UPSTREAM_TLS_CERT and UPSTREAM_TLS_KEY (PEM paths; bench/benchservers.py '
    + 'makes them with openssl), or --plain for plain HTTP');
  process.exit(2);
}

const CATALOG = JSON.stringify({
  data: [
    { id: 'openai/gpt-4o', modalities: ['text', 'image'] },
    { id: 'google/gemini-2.5-flash', architecture: { input_modalities: ['text', 'image'], output_modalities: ['text'] } },
    { id: 'openai/gpt-4.1-mini', architecture: { input_modalities: ['text', 'image'] } },
    { id: 'meta/llama-3-8b', architecture: { input_modalities: ['text'] } },
  ],
});

const COMPLETION = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1700000000,
  model: 'openai/gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: 'A grey tabby cat on a windowsill.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 812, completion_tokens: 9, total_tokens: 821 },
});

const chunk = (delta, finish) => 'data: ' + JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion.chunk',
  created: 1700000000,
  model: 'openai/gpt-4o',
  choices: [{ index: 0, delta, finish_reason: finish }],
}) + '\n\n';
const CHUNKS = [
  chunk({ role: 'assistant', content: 'A grey tabby cat' }, null),
  chunk({ content: ' on a windowsill.' }, null),
  chunk({}, 'stop'),
];
const DONE = 'data: [DONE]\n\n';

// "stream": true as JSON writes it, searched in the raw bytes: no JSON parse of multi-megabyte bodies.
// (base64 and the bench's prompts cannot contain it by accident.)
const STREAM_MARKERS = ['"stream":true', '"stream": true', '"stream" : true'].map((s) => Buffer.from(s));
const wantsStream = (body) => STREAM_MARKERS.some((m) => body.indexOf(m) !== -1);

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

let lastChat = Buffer.alloc(0); // a reference to the last body, not a copy
const BODY_LIMIT = Number(process.env.BODY_LIMIT || 0);
const fresh = () => ({
  chats: 0, chat_bytes: 0, largest_chat: 0, uploads: 0, file_bytes: 0, refused: 0, connections: 0, tls_errors: 0,
});
let stats = fresh();
let files = 0;

// A connection is known by its first request: the socket (HTTP/1.1) or the h2 session.
const seen = new WeakSet();
const firstOnItsConnection = (req) => {
  const key = req.stream ? req.stream.session : req.socket;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
};

const handle = (req, res) => {
  // a script's curl reading /bench/stats is no connection of the proxy under test
  if (firstOnItsConnection(req) && req.url.startsWith('/bench/')) stats.connections -= 1;
  const parts = [];
  req.on('data', (part) => parts.push(part));
  req.on('error', () => res.destroy());
  req.on('end', () => {
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && (path === '/api/models' || path === '/v1/models')) {
      return json(res, 200, CATALOG);
    }
    if (req.method === 'GET' && path === '/bench/last-chat') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': lastChat.length });
      return res.end(lastChat);
    }
    if (req.method === 'GET' && path === '/bench/stats') {
      const body = JSON.stringify(stats);
      if (req.url.includes('reset=1')) stats = fresh();
      return json(res, 200, body);
    }
    if (req.method === 'POST' && path === '/v1/files') {
      stats.uploads += 1;
      stats.file_bytes += parts.reduce((n, p) => n + p.length, 0);
      files += 1;
      return json(res, 200, JSON.stringify({ id: `file-bench-${files}`, object: 'file', purpose: 'vision' }));
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      lastChat = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      stats.chats += 1;
      stats.chat_bytes += lastChat.length;
      stats.largest_chat = Math.max(stats.largest_chat, lastChat.length);
      if (BODY_LIMIT > 0 && lastChat.length > BODY_LIMIT) {
        stats.refused += 1;
        return json(res, 413, JSON.stringify({ error: { message: 'Request body too large', code: 'request_too_large' } }));
      }
      if (!wantsStream(lastChat)) {
        return json(res, 200, COMPLETION);
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      for (const c of CHUNKS) res.write(c);
      return res.end(DONE);
    }
    json(res, 404, JSON.stringify({ error: { message: `no route ${req.method} ${path}`, type: 'not_found' } }));
  });
};

let server;
if (PLAIN) {
  server = http.createServer(handle);
} else {
  const tls = { key: fs.readFileSync(KEY), cert: fs.readFileSync(CERT) };
  server = H2 ? http2.createSecureServer({ ...tls, allowHTTP1: true }, handle) : https.createServer(tls, handle);
  let logged = 0;
  server.on('tlsClientError', (err) => {
    stats.tls_errors += 1;
    if (logged++ < 10) console.error(`TLS handshake failed: ${err.message}`); // e.g. a client that does not trust us
  });
}
// every TCP connection accepted (for TLS: before its handshake, on the underlying net.Server)
server.on('connection', () => { stats.connections += 1; });

// Clients keep pooled connections between runs: never let the server be the one closing an idle connection mid-run.
server.keepAliveTimeout = 600_000;
server.headersTimeout = 610_000;
server.requestTimeout = 0;
server.listen(PORT, '127.0.0.1', () => {
  console.log(`PORT ${server.address().port} ${PLAIN ? 'http' : 'https'}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
