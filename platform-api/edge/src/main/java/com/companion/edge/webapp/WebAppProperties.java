package com.companion.edge.webapp;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How people sign in to the web app the edge serves.
 *
 * @param localSignIn true only when the platform runs on a developer machine ({@code ./platform up}
 *     and the whole-platform tests set it): the edge then mints local HS256 tokens for any user,
 *     role, product and age group. Never set in a deployment.
 * @param identityUrl the identity service's issuer once it exists; the app sends people there
 *     (OAuth 2.1 code + PKCE) instead of the local sign-in
 */
@ConfigurationProperties("edge.web-app")
public record WebAppProperties(@DefaultValue("false") boolean localSignIn, URI identityUrl) {}
