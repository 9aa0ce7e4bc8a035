import sharp from 'sharp';

export const GPS_MAKER = 'CoordNetTestPhone';
export const HTML = '<html><body><script>alert(document.cookie)</script></body></html>';

/**
 * A phone photo as cameras write it: EXIF with the device and a GPS position (杭州, 30°16′N
 * 120°9′E), the given size, rotated by the EXIF orientation (6: shown turned 90° clockwise).
 */
export async function phonePhoto({ width = 3200, height = 2400, orientation = 1 } = {}): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: GPS_MAKER, Model: 'GPS-1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '30/1 16/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '120/1 9/1 0/1',
      },
    })
    .withMetadata({ orientation })
    .toBuffer();
}

/** A valid JPEG carrying an HTML page twice: in a comment segment and after its end marker. */
export async function polyglotJpeg(): Promise<Buffer> {
  const jpeg = await phonePhoto({ width: 64, height: 48 });
  const comment = Buffer.from(HTML);
  const com = Buffer.concat([
    Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]),
    comment,
  ]);
  // After SOI (2 bytes): the COM segment, the rest of the image, then the page again.
  return Buffer.concat([jpeg.subarray(0, 2), com, jpeg.subarray(2), Buffer.from(HTML)]);
}

/** A JPEG header followed by HTML only: no pixels to decode. */
export const fakeJpegPage = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(HTML)]);

export const metadataOf = (image: Buffer) => sharp(image).metadata();
