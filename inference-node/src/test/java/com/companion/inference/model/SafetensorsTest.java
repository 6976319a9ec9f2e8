package com.companion.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

  @TempDir Path dir;

  /**
   * A file laid out the way the Python writer does it: header keys sorted by name, data in a
   * different order than the keys, no space padding, a __metadata__ block, BF16 and F16 and F32
   * tensors side by side.
   */
  @Test
  void readsAFileBuiltByteByByte() throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    // "b.f32" first in the data: 2 floats 1.5, -2.25
    ByteBuffer f32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    f32.putFloat(1.5f).putFloat(-2.25f);
    data.write(f32.array());
    // "a.bf16": 2x2 bf16 values 1.0 (0x3F80), -0.5 (0xBF00), 3.0 (0x4040), 0.0078125 (0x3C00)
    ByteBuffer bf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    bf.putShort((short) 0x3F80).putShort((short) 0xBF00).putShort((short) 0x4040);
    bf.putShort((short) 0x3C00);
    data.write(bf.array());
    // "c.f16": 1 value 0.5 (0x3800)
    ByteBuffer f16 = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
    f16.putShort((short) 0x3800);
    data.write(f16.array());
    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a.bf16\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[8,16]},"
            + "\"b.f32\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"c.f16\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[16,18]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(len.array());
    file.write(h);
    file.write(data.toByteArray());
    Path path = dir.resolve("fixture.safetensors");
    Files.write(path, file.toByteArray());

    Map<String, Safetensors.Tensor> tensors = Safetensors.read(path);

    assertEquals(3, tensors.size());
    assertArrayEquals(new long[] {2, 2}, tensors.get("a.bf16").shape());
    assertArrayEquals(new float[] {1f, -0.5f, 3f, 0.0078125f}, tensors.get("a.bf16").data());
    assertArrayEquals(new float[] {1.5f, -2.25f}, tensors.get("b.f32").data());
    assertArrayEquals(new float[] {0.5f}, tensors.get("c.f16").data());
  }

  @Test
  void bf16WidensExactlyForEveryBitPattern() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float widened = Safetensors.bf16ToFloat((short) bits);
      if (Float.isNaN(widened)) {
        continue;
      }
      assertEquals(bits << 16, Float.floatToRawIntBits(widened), "pattern " + bits);
      assertEquals((short) bits, Safetensors.floatToBf16(widened));
    }
  }

  @Test
  void writeThenReadRoundTrips() throws IOException {
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put("x", Safetensors.Tensor.of(new long[] {3}, new float[] {1f, -7.125f, 1e-3f}));
    tensors.put("y", Safetensors.Tensor.of(new long[] {1, 2}, new float[] {0.25f, 42f}));
    Path f32 = dir.resolve("f32.safetensors");
    Safetensors.write(f32, tensors, false);
    Map<String, Safetensors.Tensor> back = Safetensors.read(f32);
    assertArrayEquals(tensors.get("x").data(), back.get("x").data());
    assertArrayEquals(new long[] {1, 2}, back.get("y").shape());
    // header plus padding keeps the data 8-byte aligned, as the format asks
    ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(f32)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0, head.getLong() % 8);

    Path bf16 = dir.resolve("bf16.safetensors");
    Safetensors.write(bf16, tensors, true);
    // these values are exact in bf16 except 1e-3, which rounds to nearest even
    Map<String, Safetensors.Tensor> half = Safetensors.read(bf16);
    assertEquals("BF16", half.get("y").dtype());
    assertArrayEquals(new float[] {0.25f, 42f}, half.get("y").data());
    assertEquals(1e-3f, half.get("x").data()[2], 1e-5f);
  }

  @Test
  void rejectsATruncatedFile() throws IOException {
    Path path = dir.resolve("bad.safetensors");
    Files.write(path, new byte[] {100, 0, 0, 0, 0, 0, 0, 0, '{'});
    assertThrows(IOException.class, () -> Safetensors.read(path));
  }
}
