package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.testkit.Infra;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The OpenAI wire format, as OpenAI client libraries parse it. */
class ChatCompletionsWireIT extends GatewayTestSupport {

  static FakeNode node;
  String alias;

  @BeforeAll
  static void startSharedNode() throws Exception {
    node = new FakeNode();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void deployAlias() {
    alias = deployFresh(node);
  }

  @Test
  void nonStreamedCompletionHasEveryOpenAiField() {
    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, false));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("application/json");
    assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("60");
    assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("59");
    JsonNode body = json(response.body());
    assertThat(body.get("id").asString()).startsWith("chatcmpl-");
    assertThat(body.get("object").asString()).isEqualTo("chat.completion");
    assertThat(body.get("created").asLong()).isPositive();
    assertThat(body.get("model").asString()).isEqualTo(alias);
    assertThat(body.get("system_fingerprint").asString()).isEqualTo("fp_v1");
    JsonNode choice = body.get("choices").get(0);
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
    assertThat(choice.get("message").get("content").asString())
        .isEqualTo("tok0 tok1 tok2 tok3 tok4 ");
    assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
    assertThat(choice.has("logprobs")).isTrue();
    assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(7);
    assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(5);
    assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(12);
  }

  @Test
  void streamSendsRoleThenContentThenFinishThenUsageThenDone() {
    String request =
        "{\"model\":\""
            + alias
            + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"Be kind\"},"
            + "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}";
    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), request);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    List<String> data = dataLines(response.body());
    assertThat(data.getLast()).isEqualTo("[DONE]");
    JsonNode first = json(data.get(0));
    assertThat(first.get("object").asString()).isEqualTo("chat.completion.chunk");
    assertThat(first.get("choices").get(0).get("delta").get("role").asString())
        .isEqualTo("assistant");
    StringBuilder text = new StringBuilder();
    for (String chunk : data.subList(1, data.size() - 3)) {
      JsonNode choice = json(chunk).get("choices").get(0);
      assertThat(choice.get("finish_reason").isNull()).isTrue();
      text.append(choice.get("delta").get("content").asString());
    }
    assertThat(text.toString()).isEqualTo("tok0 tok1 tok2 tok3 tok4 ");
    JsonNode last = json(data.get(data.size() - 3));
    assertThat(last.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
    assertThat(last.get("choices").get(0).get("delta").isEmpty()).isTrue();
    JsonNode usage = json(data.get(data.size() - 2));
    assertThat(usage.get("choices").isEmpty()).isTrue();
    assertThat(usage.get("usage").get("total_tokens").asInt()).isEqualTo(12);
    assertThat(first.get("id").asString()).isEqualTo(usage.get("id").asString());
  }

  @Test
  void samplingAndExtensionFieldsReachTheNode() {
    int before = node.bodies.size();
    String request =
        "{\"model\":\""
            + alias
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
            + "\"temperature\":0.7,\"top_p\":0.9,\"max_completion_tokens\":12,\"max_tokens\":99,"
            + "\"stop\":\"\\n\",\"seed\":42,\"presence_penalty\":0.5,\"frequency_penalty\":0.25,"
            + "\"top_k\":40,\"min_p\":0.05,\"repetition_penalty\":1.1,\"route_key\":\"char-1\","
            + "\"user\":\"end-user-7\",\"n\":1,\"logit_bias\":{}}";
    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), request);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode sent = json(node.bodies.get(before));
    assertThat(sent.get("max_tokens").asInt()).isEqualTo(12);
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.7);
    assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.get("stop").get(0).asString()).isEqualTo("\n");
    assertThat(sent.get("seed").asLong()).isEqualTo(42);
    assertThat(sent.get("presence_penalty").asDouble()).isEqualTo(0.5);
    assertThat(sent.get("frequency_penalty").asDouble()).isEqualTo(0.25);
    assertThat(sent.get("top_k").asInt()).isEqualTo(40);
    assertThat(sent.get("min_p").asDouble()).isEqualTo(0.05);
    assertThat(sent.get("repetition_penalty").asDouble()).isEqualTo(1.1);
    assertThat(sent.get("messages").get(0).get("content").asString()).isEqualTo("x");
    assertThat(sent.has("route_key")).isFalse();
  }

  @Test
  void nOtherThanOneIsAClear400InOpenAiShape() {
    String request =
        "{\"model\":\""
            + alias
            + "\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), request);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response.body()).get("error");
    assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").asString()).isEqualTo("n");
    assertThat(error.get("code").asString()).isEqualTo("invalid_value");
    assertThat(error.get("message").asString()).contains("n=1");
  }

  @Test
  void badInputAnswersOpenAiErrors() {
    String token = userToken("u-" + alias);
    assertThat(send("POST", "/v1/chat/completions", token, "{not json").statusCode())
        .isEqualTo(400);
    HttpResponse<String> noMessages =
        send("POST", "/v1/chat/completions", token, "{\"model\":\"" + alias + "\"}");
    assertThat(json(noMessages.body()).get("error").get("param").asString()).isEqualTo("messages");
    HttpResponse<String> badTemperature =
        send(
            "POST",
            "/v1/chat/completions",
            token,
            "{\"model\":\""
                + alias
                + "\",\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(badTemperature.statusCode()).isEqualTo(400);
    assertThat(json(badTemperature.body()).get("error").get("param").asString())
        .isEqualTo("temperature");

    HttpResponse<String> unknownModel =
        send("POST", "/v1/chat/completions", token, chatBody("no-such-model-" + alias, false));
    assertThat(unknownModel.statusCode()).isEqualTo(404);
    assertThat(json(unknownModel.body()).get("error").get("code").asString())
        .isEqualTo("model_not_found");
  }

  @Test
  void missingOrWrongCredentialsAre401InOpenAiShape() {
    HttpResponse<String> none = send("POST", "/v1/chat/completions", null, chatBody(alias, false));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none.body()).get("error").get("type").asString())
        .isEqualTo("invalid_request_error");

    HttpResponse<String> badKey =
        send(
            "POST", "/v1/chat/completions", "sk-cmp-not-a-real-key-000000", chatBody(alias, false));
    assertThat(badKey.statusCode()).isEqualTo(401);
    assertThat(json(badKey.body()).get("error").get("code").asString())
        .isEqualTo("invalid_api_key");

    HttpResponse<String> badJwt = send("GET", "/v1/models", "a.b.c", null);
    assertThat(badJwt.statusCode()).isEqualTo(401);
    assertThat(json(badJwt.body()).has("error")).isTrue();
  }

  @Test
  void modelsListsAliases() {
    HttpResponse<String> response = send("GET", "/v1/models", userToken("u-" + alias), null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response.body());
    assertThat(body.get("object").asString()).isEqualTo("list");
    assertThat(body.get("data").findValuesAsString("id")).contains(alias);
    JsonNode one = json(send("GET", "/v1/models/" + alias, userToken("u"), null).body());
    assertThat(one.get("object").asString()).isEqualTo("model");
    assertThat(one.get("owned_by").asString()).isEqualTo("companion");
    assertThat(send("GET", "/v1/models/nope-" + alias, userToken("u"), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void everyRequestWritesOneUsageEventToTheOutbox() {
    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, true));
    String requestId = response.headers().firstValue("x-request-id").orElseThrow();

    JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());
    eventually(
        "usage event in the outbox",
        () ->
            jdbc.queryForObject(
                    "select count(*) from gateway.outbox where message_key = ?",
                    Integer.class,
                    requestId)
                == 1);
    JsonNode event =
        json(
            jdbc.queryForObject(
                "select payload::text from gateway.outbox where message_key = ?",
                String.class,
                requestId));
    assertThat(event.get("type").asString()).isEqualTo("model.request.completed");
    assertThat(event.get("product").asString()).isEqualTo("glow");
    JsonNode data = event.get("data");
    assertThat(data.get("alias").asString()).isEqualTo(alias);
    assertThat(data.get("version").asString()).isEqualTo("v1");
    assertThat(data.get("node").asString()).isEqualTo(node.url());
    assertThat(data.get("prompt_tokens").asInt()).isEqualTo(7);
    assertThat(data.get("completion_tokens").asInt()).isEqualTo(5);
    assertThat(data.get("status").asString()).isEqualTo("ok");
    assertThat(data.get("caller_kind").asString()).isEqualTo("user");
    assertThat(data.get("ttft_ms").isNumber()).isTrue();
  }

  @Test
  void serviceCredentialAloneIsAccepted() {
    HttpResponse<String> response =
        sendWithHeader(chatBody(alias, false), "X-Service-Key", "chat-service:test-service-secret");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    HttpResponse<String> wrong =
        sendWithHeader(chatBody(alias, false), "X-Service-Key", "chat-service:wrong");
    assertThat(wrong.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> sendWithHeader(String body, String name, String value) {
    try {
      return HTTP.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/v1/chat/completions"))
              .header("Content-Type", "application/json")
              .header(name, value)
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
