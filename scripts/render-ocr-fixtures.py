#!/usr/bin/env python3
"""Renders the OCR test images and their ground truth into Tests/Fixtures/ocr.

Run through scripts/render-ocr-fixtures.sh (it sets up Pillow in a cached venv). The output
is committed; rerun this after changing it. Every word's box is the ink box Pillow reports
for it, on the 0-1000 frame of the displayed image, x first: [x0, y0, x1, y1].
"""
import json
import random
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
OUT = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "ocr"


def font(size, bold=False):
    return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


class Canvas:
    """A white grey-scale image that records the box of every word drawn on it."""

    def __init__(self, width, height):
        self.image = Image.new("L", (width, height), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.words = []

    def text(self, x, y, line, face, fill=0, anchor="la"):
        """Draws `line` with its left (or right, anchor "ra") edge at x; records each word."""
        if anchor == "ra":
            x -= self.draw.textlength(line, font=face)
        cursor = x
        for index, word in enumerate(line.split(" ")):
            if index:
                cursor += self.draw.textlength(" ", font=face)
            left, top, right, bottom = self.draw.textbbox((cursor, y), word, font=face)
            self.draw.text((cursor, y), word, font=face, fill=fill)
            self.words.append({"text": word, "box": frame((left, top, right, bottom), self.image.size)})
            cursor += self.draw.textlength(word, font=face)

    def truth(self, orientation=1):
        width, height = self.image.size
        return {"width": width, "height": height, "orientation": orientation, "words": self.words}


def frame(box, size):
    left, top, right, bottom = box
    width, height = size
    return [int(left * 1000 // width), int(top * 1000 // height), int(-(-right * 1000 // width)), int(-(-bottom * 1000 // height))]


def words_image():
    canvas = Canvas(640, 360)
    canvas.text(40, 30, "FLINT reads these words", font(34, bold=True))
    canvas.text(40, 120, "Quartz harbor 2026", font(30))
    canvas.text(330, 210, "north window", font(28))
    canvas.text(40, 290, "Seven lanterns glow", font(26))
    return canvas


def receipt_image():
    canvas = Canvas(420, 560)
    canvas.text(210 - 110, 30, "CORNER MARKET", font(30, bold=True))
    rows = [("Coffee", "3.50"), ("Bagel", "2.25"), ("Orange juice", "4.10"), ("Apples", "1.95")]
    y = 120
    for item, price in rows:
        canvas.text(30, y, item, font(26))
        canvas.text(390, y, price, font(26), anchor="ra")
        y += 60
    canvas.draw.line((30, y, 390, y), fill=0, width=2)
    canvas.text(30, y + 30, "TOTAL", font(30, bold=True))
    canvas.text(390, y + 30, "11.80", font(30, bold=True), anchor="ra")
    canvas.text(30, y + 110, "Thank you", font(24))
    return canvas


def chart_image():
    canvas = Canvas(640, 420)
    canvas.text(200, 20, "Monthly sales", font(30, bold=True))
    base, left = 340, 80
    canvas.draw.line((left - 10, base, 600, base), fill=0, width=2)
    canvas.draw.line((left - 10, 80, left - 10, base), fill=0, width=2)
    for index, (label, value) in enumerate([("Jan", 120), ("Feb", 210), ("Mar", 160), ("Apr", 90)]):
        x = left + 20 + index * 130
        canvas.draw.rectangle((x, base - value, x + 70, base), fill=200)
        canvas.text(x + 8, base + 16, label, font(28))
        canvas.text(x + 12, base - value - 48, str(value), font(28))
    return canvas


# The stored pixels for each EXIF orientation: turning them by that orientation gives the
# upright image (Pillow's exif_transpose does the turn; see check below).
STORED = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def stored(upright, orientation):
    operation = STORED[orientation]
    return upright if operation is None else upright.transpose(operation)


def exif_orientation(orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif


def check_turn(upright, image, orientation):
    """Pillow's own EXIF turn of the stored pixels must give the upright image."""
    tagged = image.copy()
    tagged.getexif()[0x0112] = orientation
    turned = ImageOps.exif_transpose(tagged)
    assert list(turned.getdata()) == list(upright.getdata()), f"orientation {orientation} does not turn back"


def bomb_header_png(width, height):
    """A PNG whose header claims width x height over a tiny, empty data stream."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def gif_with_frames(screen, frames):
    """A GIF of a `screen` logical size whose frames declare the sizes in `frames`, each
    with one tiny LZW data block: headers that claim what the pixels do not hold."""
    data = b"GIF89a" + struct.pack("<HHBBB", screen[0], screen[1], 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    for width, height in frames:
        data += b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x4c\x01\x00"
    return data + b"\x3b"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    truth = {}
    for name, canvas in [("words.png", words_image()), ("receipt.png", receipt_image()), ("chart.png", chart_image())]:
        canvas.image.save(OUT / name, optimize=True)
        truth[name] = canvas.truth()

    receipt = receipt_image()
    rotated = stored(receipt.image, 6)
    rotated.save(OUT / "receipt-rotated.jpg", quality=92, exif=exif_orientation(6))
    truth["receipt-rotated.jpg"] = receipt.truth(orientation=6)

    # 3x2 grey levels, upright: 10 20 30 / 40 50 60, stored for each orientation.
    upright = Image.new("L", (3, 2))
    upright.putdata([10, 20, 30, 40, 50, 60])
    for orientation in STORED:
        image = stored(upright, orientation)
        check_turn(upright, image, orientation)
        image.save(OUT / f"orientation-{orientation}.png")

    (OUT / "bomb-header.png").write_bytes(bomb_header_png(100_000, 100_000))
    (OUT / "bomb-frame.gif").write_bytes(gif_with_frames((10, 10), [(60_000, 60_000)]))
    (OUT / "frames.gif").write_bytes(gif_with_frames((4000, 3000), [(4000, 3000)] * 3))
    words_image().image.convert("P").save(OUT / "words.gif")
    noise = Image.new("1", (400, 400))
    generator = random.Random(10)
    noise.putdata([generator.randrange(2) * 255 for _ in range(400 * 400)])
    noise.save(OUT / "noise.png", optimize=True)

    lines = ["{"]
    for index, (name, entry) in enumerate(truth.items()):
        words = ",\n".join(f"   {json.dumps(word)}" for word in entry["words"])
        head = json.dumps({key: value for key, value in entry.items() if key != "words"})[1:-1]
        comma = "," if index < len(truth) - 1 else ""
        lines.append(f' {json.dumps(name)}: {{{head}, "words": [\n{words}\n ]}}{comma}')
    lines.append("}")
    (OUT / "ground-truth.json").write_text("\n".join(lines) + "\n")
    print(f"wrote {len(list(OUT.iterdir()))} files to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
