package com.companion.gateway.openai;

import com.companion.gateway.completion.GenerationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an OpenAI Chat Completions body by hand, so that every bad field gets OpenAI's 400 with the
 * offending {@code param}. Fields this gateway does not know are ignored, as OpenAI client
 * libraries add new ones over time.
 *
 * <p>Extension fields (send them with {@code extra_body} from the OpenAI SDKs): {@code top_k},
 * {@code min_p}, {@code repetition_penalty} (sampling, passed to the node) and {@code route_key}
 * (prefix affinity: requests with the same key prefer the same node).
 */
public final class ChatRequestParser {

  private static final int MAX_STOP_SEQUENCES = 4;

  private final JsonMapper json;

  public ChatRequestParser(JsonMapper json) {
    this.json = json;
  }

  public ChatCompletionRequest parse(String body) {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : json.readTree(body);
    } catch (JacksonException e) {
      throw OpenAiException.invalid(
          null,
          null,
          "We could not parse the JSON body of your request. (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw OpenAiException.invalid(
          null, null, "The request body must be a JSON object with 'model' and 'messages'.");
    }
    String model = requiredString(root, "model");
    List<GenerationRequest.Message> messages = messages(root.get("messages"));

    JsonNode n = root.get("n");
    if (present(n) && !(n.isIntegralNumber() && n.canConvertToInt() && n.asInt() == 1)) {
      throw OpenAiException.invalid(
          "n",
          "invalid_value",
          "Only n=1 is supported: this model returns one choice per request.");
    }
    boolean stream = bool(root, "stream");
    boolean includeUsage = false;
    JsonNode streamOptions = root.get("stream_options");
    if (present(streamOptions)) {
      if (!stream) {
        throw OpenAiException.invalid(
            "stream_options",
            "invalid_value",
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
      }
      if (!streamOptions.isObject()) {
        throw OpenAiException.invalid(
            "stream_options", "invalid_type", "'stream_options' must be an object.");
      }
      includeUsage = bool(streamOptions, "include_usage");
    }
    JsonNode tools = root.get("tools");
    if (present(tools) && !(tools.isArray() && tools.isEmpty())) {
      throw OpenAiException.invalid(
          "tools", "unsupported_parameter", "This model does not support tools.");
    }
    JsonNode logprobs = root.get("logprobs");
    if (present(logprobs) && logprobs.asBoolean(false)) {
      throw OpenAiException.invalid(
          "logprobs", "unsupported_parameter", "This model does not return logprobs.");
    }

    logitBias(root.get("logit_bias"));

    Map<String, Object> parameters = new LinkedHashMap<>();
    Integer maxTokens = positiveInt(root, "max_completion_tokens");
    if (maxTokens == null) {
      maxTokens = positiveInt(root, "max_tokens");
    }
    put(parameters, "max_tokens", maxTokens);
    put(parameters, "temperature", number(root, "temperature", 0, 2));
    put(parameters, "top_p", number(root, "top_p", 0, 1));
    put(parameters, "presence_penalty", number(root, "presence_penalty", -2, 2));
    put(parameters, "frequency_penalty", number(root, "frequency_penalty", -2, 2));
    put(parameters, "seed", integer(root, "seed"));
    put(parameters, "stop", stop(root.get("stop")));
    put(parameters, "top_k", nonNegativeInt(root, "top_k"));
    put(parameters, "min_p", number(root, "min_p", 0, 1));
    Double repetition = number(root, "repetition_penalty", 0, 10);
    if (repetition != null && repetition <= 0) {
      throw OpenAiException.invalid(
          "repetition_penalty", "invalid_value", "'repetition_penalty' must be greater than 0.");
    }
    put(parameters, "repetition_penalty", repetition);
    String routeKey = optionalString(root, "route_key");
    String user = optionalString(root, "user");
    return new ChatCompletionRequest(
        new GenerationRequest(model, messages, parameters, routeKey), stream, includeUsage, user);
  }

  /**
   * {@code logit_bias} is checked for OpenAI's shape (token id to a bias from -100 to 100) and then
   * not applied. Clients such as SillyTavern send it on every request with ids from OpenAI's own
   * tokenizers; on this model's vocabulary those ids name unrelated tokens, so applying them would
   * bend the reply at random rather than as the user meant.
   */
  private static void logitBias(JsonNode bias) {
    if (!present(bias)) {
      return;
    }
    if (!bias.isObject()) {
      throw OpenAiException.invalid(
          "logit_bias", "invalid_type", "'logit_bias' must be an object of token ids to numbers.");
    }
    for (var entry : bias.properties()) {
      boolean idOk =
          !entry.getKey().isEmpty() && entry.getKey().chars().allMatch(Character::isDigit);
      JsonNode value = entry.getValue();
      if (!idOk || !value.isNumber() || value.asDouble() < -100 || value.asDouble() > 100) {
        throw OpenAiException.invalid(
            "logit_bias",
            "invalid_value",
            "'logit_bias' maps token ids to a bias between -100 and 100; got '"
                + entry.getKey()
                + "'.");
      }
    }
  }

  private static List<GenerationRequest.Message> messages(JsonNode node) {
    if (!present(node)) {
      throw OpenAiException.invalid(
          "messages", "missing_required_parameter", "Missing required parameter: 'messages'.");
    }
    if (!node.isArray() || node.isEmpty()) {
      throw OpenAiException.invalid(
          "messages", "invalid_value", "'messages' must be a non-empty array.");
    }
    List<GenerationRequest.Message> messages = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode message = node.get(i);
      String param = "messages[" + i + "]";
      if (!message.isObject()) {
        throw OpenAiException.invalid(param, "invalid_type", "Each message must be an object.");
      }
      String role = message.path("role").asString("");
      role =
          switch (role) {
            case "system", "user", "assistant" -> role;
            // newer OpenAI clients send "developer" where older ones sent "system"
            case "developer" -> "system";
            default ->
                throw OpenAiException.invalid(
                    param + ".role",
                    "invalid_value",
                    "Invalid role '" + role + "': expected 'system', 'user' or 'assistant'.");
          };
      String content = content(message.get("content"), param + ".content");
      String name = optionalString(message, "name", param + ".name");
      messages.add(new GenerationRequest.Message(role, content, name));
    }
    return messages;
  }

  private static String content(JsonNode content, String param) {
    if (!present(content)) {
      throw OpenAiException.invalid(
          param, "missing_required_parameter", "Missing '" + param + "'.");
    }
    if (content.isString()) {
      return content.asString();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (!"text".equals(part.path("type").asString(""))) {
          throw OpenAiException.invalid(
              param, "invalid_value", "Only text content parts are supported by this model.");
        }
        if (!part.path("text").isString()) {
          throw OpenAiException.invalid(
              param, "invalid_type", "Each text content part needs a string 'text'.");
        }
        text.append(part.path("text").asString());
      }
      return text.toString();
    }
    throw OpenAiException.invalid(
        param, "invalid_type", "'" + param + "' must be a string or an array of text parts.");
  }

  private static List<String> stop(JsonNode stop) {
    if (!present(stop)) {
      return null;
    }
    List<String> sequences = new ArrayList<>();
    if (stop.isString()) {
      sequences.add(stop.asString());
    } else if (stop.isArray()) {
      for (JsonNode item : stop) {
        if (!item.isString()) {
          throw OpenAiException.invalid(
              "stop", "invalid_type", "'stop' must be a string or an array of strings.");
        }
        sequences.add(item.asString());
      }
    } else {
      throw OpenAiException.invalid(
          "stop", "invalid_type", "'stop' must be a string or an array of strings.");
    }
    if (sequences.size() > MAX_STOP_SEQUENCES) {
      throw OpenAiException.invalid("stop", "invalid_value", "'stop' allows at most 4 sequences.");
    }
    return sequences;
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  private static String requiredString(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (!present(node)) {
      throw OpenAiException.invalid(
          field, "missing_required_parameter", "Missing required parameter: '" + field + "'.");
    }
    if (!node.isString() || node.asString().isBlank()) {
      throw OpenAiException.invalid(
          field, "invalid_type", "'" + field + "' must be a non-empty string.");
    }
    return node.asString();
  }

  private static String optionalString(JsonNode root, String field) {
    return optionalString(root, field, field);
  }

  private static String optionalString(JsonNode parent, String field, String param) {
    JsonNode node = parent.get(field);
    if (!present(node)) {
      return null;
    }
    if (!node.isString()) {
      throw OpenAiException.invalid(param, "invalid_type", "'" + param + "' must be a string.");
    }
    return node.asString();
  }

  private static boolean bool(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (!present(node)) {
      return false;
    }
    if (!node.isBoolean()) {
      throw OpenAiException.invalid(field, "invalid_type", "'" + field + "' must be a boolean.");
    }
    return node.asBoolean();
  }

  private static Double number(JsonNode root, String field, double min, double max) {
    JsonNode node = root.get(field);
    if (!present(node)) {
      return null;
    }
    if (!node.isNumber()) {
      throw OpenAiException.invalid(field, "invalid_type", "'" + field + "' must be a number.");
    }
    double value = node.asDouble();
    if (value < min || value > max) {
      throw OpenAiException.invalid(
          field,
          "invalid_value",
          "'"
              + field
              + "' must be between "
              + fmt(min)
              + " and "
              + fmt(max)
              + ", got "
              + value
              + ".");
    }
    return value;
  }

  private static Long integer(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (!present(node)) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      throw OpenAiException.invalid(field, "invalid_type", "'" + field + "' must be an integer.");
    }
    if (!node.canConvertToLong()) {
      throw OpenAiException.invalid(
          field, "invalid_value", "'" + field + "' is out of the 64-bit integer range.");
    }
    return node.asLong();
  }

  private static Integer positiveInt(JsonNode root, String field) {
    Long value = integer(root, field);
    if (value != null && (value < 1 || value > Integer.MAX_VALUE)) {
      throw OpenAiException.invalid(field, "invalid_value", "'" + field + "' must be at least 1.");
    }
    return value == null ? null : value.intValue();
  }

  private static Integer nonNegativeInt(JsonNode root, String field) {
    Long value = integer(root, field);
    if (value != null && (value < 0 || value > Integer.MAX_VALUE)) {
      throw OpenAiException.invalid(field, "invalid_value", "'" + field + "' must be 0 or more.");
    }
    return value == null ? null : value.intValue();
  }

  private static void put(Map<String, Object> parameters, String name, Object value) {
    if (value != null) {
      parameters.put(name, value);
    }
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
