package com.companion.edge.routing;

import com.companion.contracts.auth.Role;
import com.companion.edge.EdgeProperties;
import java.util.Set;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;

/**
 * The public paths and the service behind each. Paths are forwarded unchanged, headers too
 * (including {@code Authorization}: every service verifies the token again). A path that matches
 * none of these and is not served by the edge itself is a 404.
 */
public final class EdgeRoutes {

  private EdgeRoutes() {}

  public static RouteLocator of(RouteLocatorBuilder builder, EdgeProperties properties) {
    return builder
        .routes()
        // before character-service, which serves the rest of /v1/me/**
        .route(
            "identity-service",
            r ->
                r.path(
                        "/v1/accounts",
                        "/v1/accounts/**",
                        "/v1/me",
                        "/v1/me/export",
                        "/v1/me/chat-policy",
                        "/v1/guardian/**",
                        "/v1/admin/accounts/**",
                        "/oauth2/**",
                        "/.well-known/**",
                        "/login",
                        "/userinfo",
                        "/connect/**")
                    // the sign-in form's redirects must name the edge, the host the browser sees
                    .filters(f -> f.preserveHostHeader())
                    .uri(properties.identityServiceUrl()))
        .route(
            "character-service",
            r ->
                r.path("/v1/characters/**", "/v1/me/**", "/v1/personas/**")
                    .uri(properties.characterServiceUrl()))
        .route("chat-service", r -> r.path("/v1/conversations/**").uri(properties.chatServiceUrl()))
        .route(
            "safety-filter",
            r ->
                r.path(
                        "/v1/moderations/**",
                        "/v1/reports/**",
                        "/v1/moderation/**",
                        "/v1/admin/lexicons/**",
                        "/v1/admin/policies/**")
                    .uri(properties.safetyFilterUrl()))
        .route(
            "model-gateway",
            r ->
                r.path(
                        "/v1/chat/completions",
                        "/v1/models/**",
                        "/v1/admin/models/**",
                        "/v1/admin/api-keys/**")
                    .uri(properties.modelGatewayUrl()))
        // a creator's own figures; growth-analytics answers only the caller's own
        .route(
            "growth-analytics-creator",
            r ->
                r.path("/v1/analytics/creators/me")
                    .filters(f -> f.filter(new RequiredRoles(Set.of(Role.CREATOR))))
                    .uri(properties.growthAnalyticsUrl()))
        .route(
            "growth-analytics",
            r ->
                r.path("/v1/analytics/**")
                    .filters(f -> f.filter(new RequiredRoles(Set.of(Role.ANALYST, Role.ADMIN))))
                    .uri(properties.growthAnalyticsUrl()))
        .build();
  }
}
