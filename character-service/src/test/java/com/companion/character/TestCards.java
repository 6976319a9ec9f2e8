package com.companion.character;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Card files for tests, built independently of the service's own PNG code: images come from the
 * JDK's ImageIO PNG writer, text chunks through its metadata API.
 */
public final class TestCards {

  private TestCards() {}

  /** A V2 card with a lorebook and vendor extensions, the way card editors write it. */
  public static String v2(String name) {
    return """
        {"spec":"chara_card_v2","spec_version":"2.0","data":{
          "name":"%s","description":"A lighthouse keeper on a stormy coast.",
          "personality":"calm, dry humour","scenario":"A storm night.",
          "first_mes":"*The lamp turns.* You made it.","mes_example":"<START>\\n{{char}}: Tea?",
          "creator_notes":"Best with slow pacing.","system_prompt":"Stay in character.",
          "post_history_instructions":"Keep replies short.",
          "alternate_greetings":["Another night.","You again?"],
          "tags":["fantasy","slow burn"],"creator":"tester","character_version":"1.2",
          "extensions":{"talkativeness":"0.7","fav":false,"depth_prompt":{"prompt":"x","depth":4},
                        "vendor_x":{"b":1.50,"a":[1,2,{"z":null}],"big":12345678901234567890}},
          "character_book":{"name":"Coast lore","scan_depth":8,"token_budget":512,
            "recursive_scanning":false,"extensions":{"book_vendor":true},
            "entries":[{"keys":["lamp","light"],"content":"The lamp is older than the village.",
              "extensions":{"position":1,"probability":100},"enabled":true,"insertion_order":10,
              "case_sensitive":false,"name":"lamp","priority":5,"id":1,"comment":"the lamp",
              "selective":true,"secondary_keys":["storm"],"constant":false,
              "position":"after_char"}]}},
         "chub_id":"vendor-field-outside-data"}
        """
        .formatted(name);
  }

  /** A V3 card (nickname, group-only greetings, use_regex, string entry ids). */
  public static String v3(String name) {
    return """
        {"spec":"chara_card_v3","spec_version":"3.0","data":{
          "name":"%s","nickname":"Mira","description":"An astronomer.","personality":"curious",
          "scenario":"","first_mes":"Look up.","mes_example":"","creator_notes":"",
          "system_prompt":"","post_history_instructions":"","alternate_greetings":[],
          "group_only_greetings":["Hello, everyone."],"tags":["sci-fi"],"creator":"tester",
          "character_version":"3","extensions":{"talkativeness":0.4},
          "creator_notes_multilingual":{"zh":"天文学家"},"source":["https://example.org/mira"],
          "character_book":{"entries":[{"keys":["/comet/i"],"content":"Comets are her passion.",
            "extensions":{},"enabled":true,"insertion_order":0,"use_regex":true,"id":"e-1"}]}}}
        """
        .formatted(name);
  }

  /** A V1 card: fields flat at the top level, no spec, an old-style greeting name. */
  public static String v1(String name) {
    return """
        {"name":"%s","description":"A retired pirate.","personality":"gruff",
         "scenario":"A tavern.","char_greeting":"Arr.","mes_example":"",
         "talkativeness":"0.5","create_date":"2023-01-01","tags":"pirate, sea"}
        """
        .formatted(name);
  }

  public static String base64(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A real PNG image with the given tEXt chunks. */
  public static byte[] png(Map<String, String> textChunks) {
    try {
      BufferedImage image = new BufferedImage(8, 12, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(0x336699));
      g.fillRect(0, 0, 8, 12);
      g.dispose();
      ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
      IIOMetadata metadata =
          writer.getDefaultImageMetadata(
              ImageTypeSpecifier.createFromRenderedImage(image), writer.getDefaultWriteParam());
      IIOMetadataNode text = new IIOMetadataNode("tEXt");
      textChunks.forEach(
          (keyword, value) -> {
            IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
            entry.setAttribute("keyword", keyword);
            entry.setAttribute("value", value);
            text.appendChild(entry);
          });
      IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
      root.appendChild(text);
      metadata.mergeTree("javax_imageio_png_1.0", root);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(stream);
        writer.write(new IIOImage(image, null, metadata));
      }
      writer.dispose();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tEXt chunks of a PNG as ImageIO reads them. */
  public static Map<String, String> textChunks(byte[] png) {
    try (var in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(png))) {
      var reader = ImageIO.getImageReadersByFormatName("png").next();
      reader.setInput(in);
      IIOMetadataNode root =
          (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
      Map<String, String> texts = new java.util.LinkedHashMap<>();
      var entries = root.getElementsByTagName("tEXtEntry");
      for (int i = 0; i < entries.getLength(); i++) {
        var entry = (IIOMetadataNode) entries.item(i);
        texts.put(entry.getAttribute("keyword"), entry.getAttribute("value"));
      }
      return texts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks every chunk CRC of a PNG with a plain CRC-32, independent of the service's code. */
  public static boolean crcsValid(byte[] png) {
    var in = java.nio.ByteBuffer.wrap(png);
    in.position(8);
    while (in.remaining() >= 12) {
      int length = in.getInt();
      byte[] typeAndData = new byte[4 + length];
      in.get(typeAndData);
      long crc = Integer.toUnsignedLong(in.getInt());
      var check = new java.util.zip.CRC32();
      check.update(typeAndData);
      if (check.getValue() != crc) {
        return false;
      }
      if (new String(typeAndData, 0, 4, StandardCharsets.ISO_8859_1).equals("IEND")) {
        return true;
      }
    }
    return false;
  }
}
