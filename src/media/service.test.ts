import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { cliActor } from '../audit/service.ts';
import { createAuthor, createPost } from '../content/service.ts';
import { createTestDb, type TestDb } from '../testing/db.ts';
import { MediaError, deleteUnused, publicMediaDir, saveUpload } from './service.ts';
import { srcsetFor, widthsFor } from './urls.ts';

const MB = 1024 * 1024;

/** A JPEG with a GPS position and a camera model in its EXIF, as phones write them. */
async function photoWithGps(width = 2000, height = 1200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Secret Model 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 41/1 22/1', GPSLongitudeRef: 'E', GPSLongitude: '139/1 41/1 30/1' },
    })
    .toBuffer();
}

describe('media uploads', () => {
  let t: TestDb;
  let dataDir: string;
  before(async () => {
    t = await createTestDb();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-media-'));
  });
  after(async () => {
    await t.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the original privately and serves WebP copies at standard widths, without EXIF or GPS', async () => {
    const photo = await photoWithGps();
    assert.ok((await sharp(photo).metadata()).exif, 'the test photo has EXIF');
    const m = await saveUpload(t.db, dataDir, { fileName: '現場の写真.jpg', bytes: photo, alt: '現場' }, 10 * MB, cliActor);
    assert.deepEqual(widthsFor(2000), [480, 960, 1600]);
    assert.equal(m.width, 1600);
    assert.equal(m.height, 960);
    assert.match(m.src, /^\/media\/\d{4}\/\d{2}\/[0-9a-f]{12}-1600\.webp$/);
    assert.equal(srcsetFor(m.src), m.srcset);
    for (const w of [480, 960, 1600]) {
      const file = `${path.join(publicMediaDir(dataDir), m.stem)}-${w}.webp`;
      const meta = await sharp(readFileSync(file)).metadata();
      assert.equal(meta.format, 'webp');
      assert.equal(meta.width, w);
      assert.equal(meta.exif, undefined, `EXIF left in the ${w} copy`);
      assert.ok(!readFileSync(file).includes('Secret Model 9'));
    }
    assert.ok(existsSync(path.join(dataDir, 'media', 'originals', `${m.stem}.jpg`)));
    assert.ok(!existsSync(path.join(publicMediaDir(dataDir), `${m.stem}.jpg`)), 'the original is not public');
  });

  it('accepts PNG, WebP, GIF and AVIF by their content', async () => {
    const base = sharp({ create: { width: 300, height: 200, channels: 4, background: '#336699' } });
    for (const [format, buffer] of [
      ['png', await base.clone().png().toBuffer()],
      ['webp', await base.clone().webp().toBuffer()],
      ['gif', await base.clone().gif().toBuffer()],
      ['avif', await base.clone().avif().toBuffer()],
    ] as const) {
      const m = await saveUpload(t.db, dataDir, { fileName: `x.${format}`, bytes: buffer }, 10 * MB, cliActor);
      assert.equal(m.width, 300, format);
    }
  });

  it('refuses a text file renamed .jpg, an SVG, and an empty or oversized file, writing nothing', async () => {
    const before = (await t.db.kysely.selectFrom('media').select('id').execute()).length;
    await assert.rejects(
      saveUpload(t.db, dataDir, { fileName: 'photo.jpg', bytes: Buffer.from('not really a photo\n'.repeat(20)) }, 10 * MB, cliActor),
      (e: Error) => e instanceof MediaError && /画像として読めない/.test(e.message),
    );
    await assert.rejects(
      saveUpload(
        t.db,
        dataDir,
        {
          fileName: 'x.svg',
          bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
        },
        10 * MB,
        cliActor,
      ),
      /使えません/,
    );
    await assert.rejects(saveUpload(t.db, dataDir, { fileName: 'x.jpg', bytes: Buffer.alloc(0) }, 10 * MB, cliActor), /空です/);
    await assert.rejects(saveUpload(t.db, dataDir, { fileName: 'big.jpg', bytes: await photoWithGps() }, 1000, cliActor), /大きすぎます/);
    assert.equal((await t.db.kysely.selectFrom('media').select('id').execute()).length, before);
  });

  const staffMember = { userId: 0, role: 'editor' as const };

  it('deletes an unused image with its files, and refuses one a post uses', async () => {
    const used = await saveUpload(
      t.db,
      dataDir,
      {
        fileName: 'used.png',
        bytes: await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000' } })
          .png()
          .toBuffer(),
      },
      10 * MB,
      cliActor,
    );
    const unused = await saveUpload(
      t.db,
      dataDir,
      {
        fileName: 'unused.png',
        bytes: await sharp({ create: { width: 100, height: 100, channels: 3, background: '#fff' } })
          .png()
          .toBuffer(),
      },
      10 * MB,
      cliActor,
    );
    const authorId = await createAuthor(t.db, { slug: 'm', displayName: 'M' });
    await createPost(t.db, { title: 'Uses media', markdown: used.snippet, authorId });
    await assert.rejects(deleteUnused(t.db, dataDir, used.id, cliActor, staffMember), /使われている/);
    await deleteUnused(t.db, dataDir, unused.id, cliActor, staffMember);
    assert.ok(!existsSync(`${path.join(publicMediaDir(dataDir), unused.stem)}-100.webp`));
  });
});
