package com.companion.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One platform service as the launcher runs it: its jar, port, readiness path and settings. */
record Service(
    String name, String module, int port, String readyPath, Map<String, String> properties) {

  String jar() {
    String artifact = module.substring(module.lastIndexOf('/') + 1);
    return module + "/target/" + artifact + ".jar";
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Every service, in start order; the inference node first because it warms up longest. */
  static List<Service> all(Settings s) {
    String character = "http://127.0.0.1:" + s.characterPort();
    String chat = "http://127.0.0.1:" + s.chatPort();
    String safety = "http://127.0.0.1:" + s.safetyPort();
    String gateway = "http://127.0.0.1:" + s.gatewayPort();
    String identity = "http://127.0.0.1:" + s.identityPort();
    return List.of(
        new Service(
            "inference-node",
            "inference-node",
            s.inferencePort(),
            "/ready",
            Map.of(
                "inference.model-dir",
                s.root().resolve("inference-node/model").toString(),
                "inference.service-credentials." + LocalSecrets.NODE_CALLER,
                LocalSecrets.nodeCredential(s.dataDir()))),
        new Service(
            "safety-filter",
            "safety-filter",
            s.safetyPort(),
            READY,
            data(
                s,
                Map.of(
                    // chat-service reads the moderation snapshot with it and moderates in process
                    "safety.service-credentials." + CHAT_SERVICE,
                    LocalSecrets.secret(s.dataDir(), "safety-filter")))),
        new Service(
            "character-service", "character-service", s.characterPort(), READY, data(s, Map.of())),
        new Service(
            "model-gateway",
            "model-gateway",
            s.gatewayPort(),
            READY,
            data(
                s,
                Map.of(
                    "gateway.node-credential",
                    LocalSecrets.NODE_CALLER + ":" + LocalSecrets.nodeCredential(s.dataDir()),
                    "gateway.safety.url",
                    safety))),
        new Service(
            "chat-service",
            "chat-service",
            s.chatPort(),
            READY,
            data(
                s,
                Map.of(
                    "chat.character-service-url", character,
                    "chat.model-gateway-url", gateway,
                    "chat.safety-filter-url", safety,
                    // minors' turns ask identity-service for the guardian chat policy
                    "chat.identity.url", identity,
                    "chat.safety.service-key",
                        CHAT_SERVICE + ":" + LocalSecrets.secret(s.dataDir(), "safety-filter"),
                    "chat.tokenizer-path",
                        s.root().resolve("inference-node/model/tokenizer.json").toString()))),
        new Service(
            "growth-analytics",
            "growth-analytics",
            s.analyticsPort(),
            READY,
            data(
                s,
                Map.of("analytics.state-dir", s.dataDir().resolve("analytics-state").toString()))),
        new Service(
            "identity-service",
            "identity-service",
            s.identityPort(),
            READY,
            data(
                s,
                Map.of(
                    // tokens name the edge, the public entry, as their issuer
                    "identity.issuer",
                    "http://127.0.0.1:" + s.edgePort(),
                    // local mode: demo accounts, and access tokens the local services accept
                    "identity.seed.enabled",
                    "true",
                    "identity.local-tokens.hmac-secret",
                    LocalSecrets.jwtSecret(s.dataDir()),
                    // GET /v1/me/export reads the user's data from these three with their token
                    "identity.export.character-service-url",
                    character,
                    "identity.export.chat-service-url",
                    chat,
                    "identity.export.safety-filter-url",
                    safety))),
        new Service(
            "edge",
            "platform-api/edge",
            s.edgePort(),
            READY,
            data(
                s,
                Map.of(
                    "edge.character-service-url", character,
                    "edge.chat-service-url", chat,
                    "edge.safety-filter-url", safety,
                    "edge.identity-service-url", identity,
                    "edge.model-gateway-url", gateway,
                    "edge.growth-analytics-url", "http://127.0.0.1:" + s.analyticsPort(),
                    // local mode: the web app's sign-in mints local tokens (never in a deployment)
                    "edge.web-app.local-sign-in", "true",
                    // and offers the identity-service sign-in too, reached through the edge itself
                    "edge.web-app.identity-url", "http://127.0.0.1:" + s.edgePort()))));
  }

  private static final String READY = "/actuator/health/readiness";

  private static final String CHAT_SERVICE = "chat-service";

  private static Map<String, String> data(Settings s, Map<String, String> own) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", s.jdbcUrl());
    properties.put("spring.datasource.username", "postgres");
    properties.put("spring.data.redis.host", "127.0.0.1");
    properties.put("spring.data.redis.port", String.valueOf(s.redisPort()));
    properties.put("platform.kafka.bootstrap-servers", s.kafkaBootstrap());
    properties.putAll(own);
    return properties;
  }
}
