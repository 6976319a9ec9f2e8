package com.companion.chat.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.chat.model.internal.HttpModelClient;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading model-gateway's OpenAI stream chunks. */
class WireFormatTest {

  @SuppressWarnings("unchecked")
  private static List<ModelChunk> chunks(String json) throws Exception {
    Method method =
        HttpModelClient.class.getDeclaredMethod("chunks", tools.jackson.databind.JsonNode.class);
    method.setAccessible(true);
    return (List<ModelChunk>) method.invoke(null, JsonMapper.builder().build().readTree(json));
  }

  @Test
  void theVersionThatAnsweredComesFromTheFingerprint() throws Exception {
    // model-gateway repeats the alias in model and names the version in system_fingerprint
    assertThat(
            chunks(
                "{\"model\":\"companion-moe\",\"system_fingerprint\":\"fp_v2\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"))
        .containsExactly(new ModelChunk("Hi", null, null, "v2"));
  }

  @Test
  void readsTextFinishAndUsage() throws Exception {
    assertThat(
            chunks(
                "{\"model\":\"companion-moe@3\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}"))
        .containsExactly(new ModelChunk("Hi", null, null, "companion-moe@3"));
    assertThat(
            chunks("{\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}")
                .getFirst()
                .finishReason())
        .isEqualTo("length");
    assertThat(
            chunks("{\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}")
                .getFirst()
                .usage())
        .isEqualTo(new TokenUsage(7, 3));
    assertThat(chunks("{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}")).isEmpty();
    assertThatThrownBy(
            () -> chunks("{\"error\":{\"message\":\"node lost\",\"type\":\"server_error\"}}"))
        .hasRootCauseMessage("node lost");
  }
}
