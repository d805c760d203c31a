// Uploads are refused before their body is read: the guard runs on the request's head. The
// proof is on a real socket: the answer arrives while almost all of a 10 MB body is still
// unsent (the client sends the first 64 KB, then waits for the answer).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AdminClient, createTestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';

const TEN_MB = 10 * 1024 * 1024;

/** Sends the head and the first 64 KB of a 10 MB multipart body; resolves with the status
 * line and how many body bytes had been sent when the answer came. */
function partialUpload(port: number, path: string, cookie = ''): Promise<{ status: string; sent: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let sent = 0;
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 10 s: the server waited for the body'));
    }, 10_000);
    socket.on('connect', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: ${TEN_MB}\r\n${cookie ? `Cookie: ${cookie}\r\n` : ''}\r\n`,
      );
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      chunk.write('--x\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n');
      socket.write(chunk);
      sent = chunk.length;
    });
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (!answer.includes('\r\n\r\n')) return;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: answer.split('\r\n')[0]!, sent, location: /\r\nlocation: ([^\r]+)/i.exec(answer)?.[1] });
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

describe('uploads are refused before their body is read', () => {
  let site: TestSite;
  let port: number;
  let editor: AdminClient;
  before(async () => {
    site = await createTestSite({ maxUploadBytes: 20 * 1024 * 1024 });
    await site.server.listen({ port: 0, host: '127.0.0.1' });
    port = (site.server.server.address() as { port: number }).port;
    await createTestUser(site.app.db, 'editor@example.jp', 'editor');
    editor = new AdminClient(site.server);
    await editor.signIn('editor@example.jp');
  });
  after(() => site.close());

  for (const path of ['/admin/media', '/admin/events', '/admin/events/1']) {
    it(`answers an anonymous 10 MB upload to ${path} with the sign-in page after 64 KB of it`, async () => {
      const r = await partialUpload(port, path);
      assert.match(r.status, /^HTTP\/1\.1 303/);
      assert.equal(r.location, '/admin/login');
      assert.ok(r.sent < TEN_MB / 100, `${r.sent} bytes sent`);
    });
  }

  it('answers a signed-in upload without the token in its address with 403, before the body', async () => {
    const cookie = [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await partialUpload(port, '/admin/media', cookie);
    assert.match(r.status, /^HTTP\/1\.1 403/);
  });
});
