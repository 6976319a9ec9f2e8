package com.companion.inference.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * mapping each tensor name to its dtype, shape and byte range, then the raw little-endian data.
 *
 * <p>Written by hand rather than through {@code NDList.decode} because that reader stops at 2 GiB
 * and because this PyTorch build crashes on BF16 tensors: half-precision weights are widened to
 * fp32 here, in Java, before they ever reach the engine. Each tensor is read with its own
 * positioned read, so shards of any size load.
 */
public final class Safetensors {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Safetensors() {}

  /** One tensor, widened to fp32, in row-major order. */
  public record Tensor(String dtype, long[] shape, float[] data) {
    public static Tensor of(long[] shape, float[] data) {
      return new Tensor("F32", shape, data);
    }

    public long size() {
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      return n;
    }
  }

  /** Loads every tensor of a file, keeping the file's order. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > 100_000_000L || headerLen + 8 > ch.size()) {
        throw new IOException("not a safetensors file (header length " + headerLen + "): " + file);
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8);
      JsonNode root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLen;
      for (var entry : root.properties()) {
        if (entry.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode info = entry.getValue();
        String dtype = info.get("dtype").asString();
        JsonNode shapeNode = info.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asLong();
        }
        long begin = info.get("data_offsets").get(0).asLong();
        long end = info.get("data_offsets").get(1).asLong();
        int width = width(dtype);
        long count = 1;
        for (long s : shape) {
          count *= s;
        }
        if ((end - begin) != count * width || dataStart + end > ch.size()) {
          throw new IOException("tensor " + entry.getKey() + " has inconsistent offsets");
        }
        ByteBuffer raw = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, raw, dataStart + begin);
        raw.flip();
        out.put(entry.getKey(), new Tensor(dtype, shape, widen(dtype, raw, (int) count)));
      }
    }
    return out;
  }

  /**
   * Loads a checkpoint folder: {@code model.safetensors}, or the shards listed in {@code
   * model.safetensors.index.json} as large Hugging Face checkpoints are stored.
   */
  public static Map<String, Tensor> readCheckpoint(Path dir) throws IOException {
    Path single = dir.resolve("model.safetensors");
    if (Files.exists(single)) {
      return read(single);
    }
    Path index = dir.resolve("model.safetensors.index.json");
    if (!Files.exists(index)) {
      throw new IOException("no model.safetensors or model.safetensors.index.json in " + dir);
    }
    JsonNode weightMap = JSON.readTree(Files.readString(index)).get("weight_map");
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<String> shards = new ArrayList<>();
    for (var e : weightMap.properties()) {
      String shard = e.getValue().asString();
      if (!shards.contains(shard)) {
        shards.add(shard);
      }
    }
    for (String shard : shards) {
      out.putAll(read(dir.resolve(shard)));
    }
    return out;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += n;
    }
  }

  private static int width(String dtype) throws IOException {
    return switch (dtype) {
      case "F32" -> 4;
      case "BF16", "F16" -> 2;
      default -> throw new IOException("unsupported safetensors dtype " + dtype);
    };
  }

  private static float[] widen(String dtype, ByteBuffer raw, int count) {
    float[] out = new float[count];
    switch (dtype) {
      case "F32" -> raw.asFloatBuffer().get(out);
      case "BF16" -> {
        for (int i = 0; i < count; i++) {
          out[i] = bf16ToFloat(raw.getShort());
        }
      }
      default -> {
        for (int i = 0; i < count; i++) {
          out[i] = Float.float16ToFloat(raw.getShort());
        }
      }
    }
    return out;
  }

  /** bfloat16 is the top half of an IEEE fp32, so widening is an exact 16-bit shift. */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** Rounds to nearest even, as PyTorch does when it casts fp32 to bfloat16. */
  public static short floatToBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) 0x7FC0;
    }
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /** Writes tensors in the given order as F32, or as BF16 when {@code bf16} is set. */
  public static void write(Path file, Map<String, Tensor> tensors, boolean bf16)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    int width = bf16 ? 2 : 4;
    for (var e : tensors.entrySet()) {
      ObjectNode info = header.putObject(e.getKey());
      info.put("dtype", bf16 ? "BF16" : "F32");
      var shape = info.putArray("shape");
      for (long s : e.getValue().shape()) {
        shape.add(s);
      }
      long bytes = (long) e.getValue().data().length * width;
      info.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    // the format asks for the data to start 8-byte aligned; pad the JSON with spaces
    int padded = (headerBytes.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(headerBytes);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      head.flip();
      while (head.hasRemaining()) {
        ch.write(head);
      }
      for (Tensor t : tensors.values()) {
        ByteBuffer buf =
            ByteBuffer.allocate(t.data().length * width).order(ByteOrder.LITTLE_ENDIAN);
        if (bf16) {
          for (float f : t.data()) {
            buf.putShort(floatToBf16(f));
          }
        } else {
          buf.asFloatBuffer().put(t.data());
        }
        buf.position(0);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
