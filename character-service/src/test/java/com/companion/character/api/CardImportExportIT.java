package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.character.TestCards;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class CardImportExportIT extends ApiTestBase {

  private WebTestClient.ResponseSpec importBody(User user, MediaType type, byte[] body) {
    return client
        .post()
        .uri("/v1/characters/import")
        .headers(h -> h.setBearerAuth(user.token()))
        .contentType(type)
        .bodyValue(body)
        .exchange();
  }

  private JsonNode imported(User user, MediaType type, byte[] body) {
    return parse(
        importBody(user, type, body)
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private byte[] export(User user, String id, String query) {
    return get(user, "/v1/characters/" + id + "/export?" + query)
        .expectStatus()
        .isOk()
        .expectBody()
        .returnResult()
        .getResponseBody();
  }

  @Test
  void importsAV2PngAndItsImageBecomesTheAvatar() throws Exception {
    User user = adult();
    byte[] png = TestCards.png(Map.of("chara", TestCards.base64(TestCards.v2("Keeper"))));
    JsonNode view = imported(user, MediaType.IMAGE_PNG, png);
    assertThat(view.get("name").stringValue()).isEqualTo("Keeper");
    assertThat(view.get("visibility").stringValue()).isEqualTo("private");
    assertThat(view.get("character_book").get("entries").get(0).get("position").stringValue())
        .isEqualTo("after_char");
    String avatarUrl = view.get("avatar_url").stringValue();
    assertThat(avatarUrl).startsWith("/v1/characters/" + view.get("id").stringValue() + "/avatar");
    byte[] avatar =
        get(user, avatarUrl)
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.IMAGE_PNG)
            .expectHeader()
            .valueEquals("X-Content-Type-Options", "nosniff")
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(ImageIO.read(new ByteArrayInputStream(avatar)).getWidth()).isEqualTo(8);
    assertThat(TestCards.textChunks(avatar)).doesNotContainKey("chara");
  }

  @Test
  void importsV3PngV1JsonAndV2Json() {
    User user = adult();
    JsonNode v3 =
        imported(
            user,
            MediaType.IMAGE_PNG,
            TestCards.png(Map.of("ccv3", TestCards.base64(TestCards.v3("Mira Vale")))));
    assertThat(v3.get("nickname").stringValue()).isEqualTo("Mira");
    assertThat(v3.get("group_only_greetings").get(0).stringValue()).isEqualTo("Hello, everyone.");
    assertThat(v3.get("character_book").get("entries").get(0).get("use_regex").booleanValue())
        .isTrue();
    JsonNode v1 =
        imported(
            user,
            MediaType.APPLICATION_JSON,
            TestCards.v1("Old Salt").getBytes(StandardCharsets.UTF_8));
    assertThat(v1.get("first_mes").stringValue()).isEqualTo("Arr.");
    assertThat(v1.get("tags").toString()).isEqualTo("[\"pirate\",\"sea\"]");
    JsonNode v2 =
        imported(
            user,
            MediaType.APPLICATION_JSON,
            TestCards.v2("Keeper").getBytes(StandardCharsets.UTF_8));
    assertThat(v2.get("post_history_instructions").stringValue()).isEqualTo("Keep replies short.");
    JsonNode missing =
        imported(
            user,
            MediaType.APPLICATION_JSON,
            "{\"spec\":\"chara_card_v2\",\"data\":{\"description\":\"no name\"}}".getBytes());
    assertThat(missing.get("name").stringValue()).isEqualTo("Unnamed character");
    JsonNode untyped =
        imported(
            user,
            MediaType.APPLICATION_OCTET_STREAM,
            TestCards.png(Map.of("chara", TestCards.base64(TestCards.v2("Octet")))));
    assertThat(untyped.get("name").stringValue()).isEqualTo("Octet");
    assertThat(myCharacterCount(user)).isEqualTo(5);
  }

  @Test
  void unknownExtensionsSurviveImportAndExportUnchanged() {
    User user = adult();
    JsonNode source = JSON.readTree(TestCards.v2("Keeper"));
    String extensions = source.get("data").get("extensions").toString();
    String bookEntryExtensions =
        source.get("data").get("character_book").get("entries").get(0).get("extensions").toString();
    String id =
        imported(
                user,
                MediaType.IMAGE_PNG,
                TestCards.png(Map.of("chara", TestCards.base64(TestCards.v2("Keeper")))))
            .get("id")
            .stringValue();

    JsonNode v3 = parse(export(user, id, "format=json"));
    assertThat(v3.get("spec").stringValue()).isEqualTo("chara_card_v3");
    assertThat(v3.get("data").get("extensions").toString()).isEqualTo(extensions);
    JsonNode v2 = parse(export(user, id, "format=json&spec=v2"));
    assertThat(v2.get("spec").stringValue()).isEqualTo("chara_card_v2");
    assertThat(v2.get("data").get("extensions").toString()).isEqualTo(extensions);
    assertThat(
            v2.get("data").get("character_book").get("entries").get(0).get("extensions").toString())
        .isEqualTo(bookEntryExtensions);

    byte[] png = export(user, id, "format=png");
    assertThat(TestCards.crcsValid(png)).isTrue();
    Map<String, String> chunks = TestCards.textChunks(png);
    assertThat(chunks).containsKeys("chara", "ccv3");
    JsonNode fromChara =
        JSON.readTree(
            new String(Base64.getDecoder().decode(chunks.get("chara")), StandardCharsets.UTF_8));
    JsonNode fromCcv3 =
        JSON.readTree(
            new String(Base64.getDecoder().decode(chunks.get("ccv3")), StandardCharsets.UTF_8));
    assertThat(fromChara.get("data").get("extensions").toString()).isEqualTo(extensions);
    assertThat(fromCcv3.get("data").get("extensions").toString()).isEqualTo(extensions);
    assertThat(fromChara.get("data").get("name").stringValue()).isEqualTo("Keeper");

    // and once more through the exported PNG: still the same
    String again = imported(user, MediaType.IMAGE_PNG, png).get("id").stringValue();
    assertThat(parse(export(user, again, "format=json")).get("data").get("extensions").toString())
        .isEqualTo(extensions);
  }

  @Test
  void malformedCardsAre4xxAndWriteNothing() {
    User user = adult();
    byte[] good = TestCards.png(Map.of("chara", TestCards.base64(TestCards.v2("K"))));
    byte[] badCrc = good.clone();
    badCrc[30] ^= 0x01;
    problem(importBody(user, MediaType.IMAGE_PNG, badCrc), 400);
    problem(importBody(user, MediaType.IMAGE_PNG, Arrays.copyOf(good, good.length / 2)), 400);
    problem(importBody(user, MediaType.IMAGE_PNG, "GIF89a not a png".getBytes()), 400);
    JsonNode noCard =
        problem(importBody(user, MediaType.IMAGE_PNG, TestCards.png(Map.of("Comment", "hi"))), 422);
    assertThat(noCard.get("type").stringValue()).endsWith("/no-card-in-image");
    problem(
        importBody(
            user,
            MediaType.IMAGE_PNG,
            TestCards.png(Map.of("chara", TestCards.base64("{\"name\": broken")))),
        400);
    byte[] invalidUtf8 = {
      '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'
    };
    JsonNode utf8 = problem(importBody(user, MediaType.APPLICATION_JSON, invalidUtf8), 400);
    assertThat(utf8.get("type").stringValue()).endsWith("/invalid-text");
    problem(importBody(user, MediaType.APPLICATION_JSON, "{\"name\":".getBytes()), 400);
    problem(importBody(user, MediaType.TEXT_PLAIN, "{}".getBytes()), 415);
    problem(importBody(user, MediaType.APPLICATION_JSON, new byte[0]), 400);
    String tooLong =
        "{\"spec\":\"chara_card_v2\",\"data\":{\"name\":\"Long\",\"description\":\""
            + "x".repeat(32_001)
            + "\"}}";
    JsonNode longProblem =
        problem(importBody(user, MediaType.APPLICATION_JSON, tooLong.getBytes()), 422);
    assertThat(longProblem.get("field").stringValue()).isEqualTo("description");
    assertThat(longProblem.get("limit").intValue()).isEqualTo(32_000);
    problem(
        post(
            user,
            "/v1/characters",
            "{\"name\":\"x\",\"first_mes\":\"" + "y".repeat(32_001) + "\"}"),
        422);
    problem(post(user, "/v1/characters", "{\"name\":\"x\",\"tags\":[1]}"), 400);
    problem(post(user, "/v1/characters", "{\"name\":\"x\",\"visibility\":\"everyone\"}"), 400);
    problem(post(user, "/v1/characters", "[]"), 400);
    assertThat(myCharacterCount(user)).isZero();
  }

  @Test
  void markupInNamesIsStoredAndReturnedAsPlainText() {
    User user = adult();
    String name = "<img src=x onerror=alert(1)> & \\\"Bob\\\"";
    JsonNode view = create(user, "{\"name\":\"" + name + "\"}");
    assertThat(view.get("name").stringValue()).isEqualTo("<img src=x onerror=alert(1)> & \"Bob\"");
    get(user, "/v1/characters/" + view.get("id").stringValue())
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
  }

  @Test
  void avatarsAreCheckedAndExportedAsThePngPicture() {
    User user = adult();
    String id = create(user, "Pictured", "private").get("id").stringValue();
    byte[] picture = TestCards.png(Map.of());
    JsonNode ref =
        parse(
            client
                .put()
                .uri("/v1/characters/" + id + "/avatar")
                .headers(h -> h.setBearerAuth(user.token()))
                .contentType(MediaType.IMAGE_PNG)
                .bodyValue(picture)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    assertThat(ref.get("avatar_url").stringValue()).contains("/avatar?v=");
    problem(
        client
            .put()
            .uri("/v1/characters/" + id + "/avatar")
            .headers(h -> h.setBearerAuth(user.token()))
            .contentType(MediaType.IMAGE_JPEG)
            .bodyValue(picture)
            .exchange(),
        400);
    problem(
        client
            .put()
            .uri("/v1/characters/" + id + "/avatar")
            .headers(h -> h.setBearerAuth(user.token()))
            .contentType(MediaType.parseMediaType("image/svg+xml"))
            .bodyValue("<svg/>".getBytes())
            .exchange(),
        415);
    problem(
        client
            .put()
            .uri("/v1/characters/" + id + "/avatar")
            .headers(h -> h.setBearerAuth(user.token()))
            .contentType(MediaType.IMAGE_PNG)
            .bodyValue(new byte[8 * 1024 * 1024 + 1])
            .exchange(),
        413);
    byte[] png = export(user, id, "format=png");
    assertThat(TestCards.textChunks(png)).containsKeys("chara", "ccv3");
    assertThat(TestCards.crcsValid(png)).isTrue();
    assertThat(png.length).isGreaterThan(picture.length);
  }

  @Test
  void aJpegAvatarIsConvertedForThePngExport() throws Exception {
    User user = adult();
    String id = create(user, "Photo", "private").get("id").stringValue();
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(16, 24, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", jpeg);
    client
        .put()
        .uri("/v1/characters/" + id + "/avatar")
        .headers(h -> h.setBearerAuth(user.token()))
        .contentType(MediaType.IMAGE_JPEG)
        .bodyValue(jpeg.toByteArray())
        .exchange()
        .expectStatus()
        .isOk();
    byte[] png = export(user, id, "format=png");
    assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(16);
    assertThat(TestCards.textChunks(png)).containsKeys("chara", "ccv3");
  }
}
