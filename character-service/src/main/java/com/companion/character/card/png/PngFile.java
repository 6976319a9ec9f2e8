package com.companion.character.card.png;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Reads and writes the chunk structure of PNG files (ISO/IEC 15948): the 8-byte signature, then
 * chunks of {@code length, type, data, CRC-32(type + data)}. Pixel data is never decoded; cards
 * live in {@code tEXt} chunks, which is all this needs.
 */
public final class PngFile {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int IHDR_LENGTH = 13;

  /** One chunk; {@code type} is the four-letter ASCII name. */
  public record Chunk(String type, byte[] data) {}

  private PngFile() {}

  public static boolean hasSignature(byte[] bytes) {
    if (bytes.length < SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (bytes[i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Splits a PNG into its chunks, checking the signature, every length and CRC, that IHDR comes
   * first and that IEND closes the file. Bytes after IEND are ignored, as decoders do.
   *
   * @throws MalformedPngException when any of that fails
   */
  public static List<Chunk> read(byte[] bytes) {
    if (!hasSignature(bytes)) {
      throw new MalformedPngException("not a PNG file (bad signature)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    in.position(SIGNATURE.length);
    List<Chunk> chunks = new ArrayList<>();
    while (true) {
      if (in.remaining() < 12) {
        throw new MalformedPngException("truncated PNG: no IEND chunk");
      }
      long length = Integer.toUnsignedLong(in.getInt());
      byte[] typeBytes = new byte[4];
      in.get(typeBytes);
      String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
      if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        throw new MalformedPngException("invalid chunk type at byte " + (in.position() - 4));
      }
      if (length > Integer.MAX_VALUE || length + 4 > in.remaining()) {
        throw new MalformedPngException("truncated PNG: chunk " + type + " runs past the end");
      }
      byte[] data = new byte[(int) length];
      in.get(data);
      long crc = Integer.toUnsignedLong(in.getInt());
      if (crc != crc(typeBytes, data)) {
        throw new MalformedPngException("CRC mismatch in chunk " + type);
      }
      if (chunks.isEmpty() && (!type.equals("IHDR") || data.length != IHDR_LENGTH)) {
        throw new MalformedPngException("the first chunk must be a 13-byte IHDR");
      }
      chunks.add(new Chunk(type, data));
      if (type.equals("IEND")) {
        return chunks;
      }
    }
  }

  public static byte[] write(List<Chunk> chunks) {
    int size = SIGNATURE.length;
    for (Chunk chunk : chunks) {
      size += 12 + chunk.data().length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(SIGNATURE);
    for (Chunk chunk : chunks) {
      byte[] type = chunk.type().getBytes(StandardCharsets.ISO_8859_1);
      out.putInt(chunk.data().length);
      out.put(type);
      out.put(chunk.data());
      out.putInt((int) crc(type, chunk.data()));
    }
    return out.array();
  }

  /** A {@code tEXt} chunk; keyword and text are Latin-1 as the format requires. */
  public static Chunk text(String keyword, String latin1Text) {
    byte[] key = keyword.getBytes(StandardCharsets.ISO_8859_1);
    byte[] text = latin1Text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] data = new byte[key.length + 1 + text.length];
    System.arraycopy(key, 0, data, 0, key.length);
    System.arraycopy(text, 0, data, key.length + 1, text.length);
    return new Chunk("tEXt", data);
  }

  /**
   * The text of the first {@code tEXt} chunk with this keyword (case-insensitive, as card tools
   * match it), or of an uncompressed {@code iTXt} one, as raw bytes.
   */
  public static Optional<byte[]> textValue(List<Chunk> chunks, String keyword) {
    for (Chunk chunk : chunks) {
      byte[] data = chunk.data();
      int nul = indexOf(data, 0);
      if (nul < 0) {
        continue;
      }
      String key = new String(data, 0, nul, StandardCharsets.ISO_8859_1);
      if (!key.equalsIgnoreCase(keyword)) {
        continue;
      }
      if (chunk.type().equals("tEXt")) {
        return Optional.of(slice(data, nul + 1, data.length));
      }
      if (chunk.type().equals("iTXt") && nul + 2 < data.length && data[nul + 1] == 0) {
        int languageEnd = indexOf(data, nul + 3);
        int translatedEnd = languageEnd < 0 ? -1 : indexOf(data, languageEnd + 1);
        if (translatedEnd >= 0) {
          return Optional.of(slice(data, translatedEnd + 1, data.length));
        }
      }
    }
    return Optional.empty();
  }

  /** The chunks minus text chunks ({@code tEXt}, {@code iTXt}, {@code zTXt}) with these keys. */
  public static List<Chunk> withoutText(List<Chunk> chunks, Set<String> keywords) {
    List<Chunk> kept = new ArrayList<>(chunks.size());
    for (Chunk chunk : chunks) {
      if (Set.of("tEXt", "iTXt", "zTXt").contains(chunk.type())) {
        int nul = indexOf(chunk.data(), 0);
        String key =
            new String(
                chunk.data(), 0, nul < 0 ? chunk.data().length : nul, StandardCharsets.ISO_8859_1);
        if (keywords.stream().anyMatch(key::equalsIgnoreCase)) {
          continue;
        }
      }
      kept.add(chunk);
    }
    return kept;
  }

  /** Puts extra chunks just before IEND, where card tools write theirs. */
  public static List<Chunk> beforeEnd(List<Chunk> chunks, List<Chunk> extra) {
    List<Chunk> out = new ArrayList<>(chunks.subList(0, chunks.size() - 1));
    out.addAll(extra);
    out.add(chunks.get(chunks.size() - 1));
    return out;
  }

  /** A solid-colour RGB image, for exporting a character that has no PNG avatar. */
  public static byte[] solid(int width, int height, int rgb) {
    ByteBuffer header = ByteBuffer.allocate(IHDR_LENGTH);
    header.putInt(width).putInt(height);
    header.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    byte[] row = new byte[1 + width * 3];
    for (int x = 0; x < width; x++) {
      row[1 + x * 3] = (byte) (rgb >> 16);
      row[2 + x * 3] = (byte) (rgb >> 8);
      row[3 + x * 3] = (byte) rgb;
    }
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (int y = 0; y < height; y++) {
      raw.writeBytes(row);
    }
    deflater.setInput(raw.toByteArray());
    deflater.finish();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      compressed.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return write(
        List.of(
            new Chunk("IHDR", header.array()),
            new Chunk("IDAT", compressed.toByteArray()),
            new Chunk("IEND", new byte[0])));
  }

  private static long crc(byte[] type, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(data);
    return crc.getValue();
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] slice(byte[] data, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(data, from, out, 0, out.length);
    return out;
  }
}
