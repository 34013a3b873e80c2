// Raw HTTP/1.1 over a socket, for what fetch will not send (huge headers, lying Content-Length)
// and for reading the answer even when the server closes the connection right after it.
import net from 'node:net';

// Sends `head` (request line + headers, without the blank line) and then, unless
// `bodyAfterResponse` is set, `body`. Resolves with the parsed response or {status: 0, error}.
export function rawRequest(baseUrl, head, body = '', { timeoutMs = 5000 } = {}) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const sock = net.connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(parse(data, error));
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    sock.on('connect', () => {
      sock.write(`${head}\r\n\r\n`);
      if (body) sock.write(body, () => {});
    });
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      const r = parse(data);
      if (r.status && r.complete) finish();
    });
    sock.on('error', (e) => finish(e.code));
    sock.on('end', () => finish());
    sock.on('close', () => finish());
  });
}

function parse(buf, error) {
  const text = buf.toString('utf8');
  const i = text.indexOf('\r\n\r\n');
  if (i < 0) return { status: 0, error: error || 'no response', complete: false, raw: text };
  const lines = text.slice(0, i).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1] || 0);
  const headers = new Map();
  for (const l of lines.slice(1)) { const k = l.indexOf(':'); headers.set(l.slice(0, k).trim().toLowerCase(), l.slice(k + 1).trim()); }
  const body = text.slice(i + 4);
  const len = Number(headers.get('content-length') ?? NaN);
  const complete = Number.isFinite(len) ? Buffer.byteLength(body) >= len : false;
  let json; try { json = JSON.parse(body); } catch { json = undefined; }
  return { status, headers: { get: (k) => headers.get(k.toLowerCase()) ?? null }, text: body, json, complete, error };
}
