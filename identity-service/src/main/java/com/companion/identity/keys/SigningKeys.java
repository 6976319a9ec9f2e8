package com.companion.identity.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RS256 keys that sign tokens, kept in {@code identity.signing_key} so every replica signs with
 * the same key and a restart keeps them. See {@link RotationPlan} for the schedule.
 */
public class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final KeyEncryption encryption;
  private final RotationPlan plan;
  private final Clock clock;
  private volatile List<Stored> keys = List.of();

  record Stored(RotationPlan.KeyTimes times, RSAKey jwk) {}

  public SigningKeys(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      String encryptionSecret,
      RotationPlan plan,
      Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.encryption = new KeyEncryption(encryptionSecret);
    this.plan = plan;
    this.clock = clock;
  }

  /** The key that signs now. */
  public RSAKey signingKey() {
    List<Stored> current = keys;
    List<RotationPlan.KeyTimes> times = current.stream().map(Stored::times).toList();
    String kid =
        plan.signing(times, clock.instant())
            .map(RotationPlan.KeyTimes::kid)
            .orElseThrow(() -> new IllegalStateException("no signing key is active yet"));
    return current.stream()
        .filter(key -> key.times().kid().equals(kid))
        .findFirst()
        .orElseThrow()
        .jwk();
  }

  /** Every key verifiers may meet: the signing key, the next one and the recently retired. */
  public JWKSet published() {
    Instant now = clock.instant();
    List<JWK> jwks =
        keys.stream()
            .filter(key -> plan.published(key.times(), now))
            .map(key -> (JWK) key.jwk())
            .toList();
    return new JWKSet(jwks);
  }

  /**
   * Creates a key when one is due, sets retirement times, drops retired keys, and reloads. Runs at
   * start and on a schedule; an advisory lock lets one replica at a time change the table.
   */
  public void maintain() {
    transactions.executeWithoutResult(
        status -> {
          Boolean locked =
              jdbc.sql("select pg_try_advisory_xact_lock(hashtext('identity:signing-keys'))")
                  .query(Boolean.class)
                  .single();
          if (Boolean.TRUE.equals(locked)) {
            Instant now = clock.instant();
            plan.nextActivation(times(), now).ifPresent(this::create);
            for (RotationPlan.KeyTimes key : plan.withRetirement(times())) {
              jdbc.sql("update identity.signing_key set retire_after = ? where kid = ?")
                  .params(timestamp(key.retireAfter()), key.kid())
                  .update();
            }
            int dropped =
                jdbc.sql("delete from identity.signing_key where retire_after < ?")
                    .param(Timestamp.from(now))
                    .update();
            if (dropped > 0) {
              log.info("dropped {} retired signing key(s)", dropped);
            }
          }
        });
    reload();
  }

  /**
   * Emergency rotation (a key may have leaked): a new key signs from now on. Tokens signed with the
   * old key stay valid until they expire; delete the old row to cut them off at once.
   */
  public String rotateNow() {
    String kid =
        transactions.execute(
            status -> {
              String created = create(clock.instant());
              for (RotationPlan.KeyTimes key : plan.withRetirement(times())) {
                jdbc.sql("update identity.signing_key set retire_after = ? where kid = ?")
                    .params(timestamp(key.retireAfter()), key.kid())
                    .update();
              }
              return created;
            });
    reload();
    return kid;
  }

  public void reload() {
    keys =
        jdbc.sql(
                "select kid, public_jwk, private_key_encrypted, activates_at, retire_after"
                    + " from identity.signing_key order by activates_at")
            .query(
                (rs, i) -> {
                  String kid = rs.getString("kid");
                  byte[] privateJwk = encryption.decrypt(rs.getBytes("private_key_encrypted"), kid);
                  try {
                    RSAKey jwk = RSAKey.parse(new String(privateJwk, StandardCharsets.UTF_8));
                    Timestamp retire = rs.getTimestamp("retire_after");
                    return new Stored(
                        new RotationPlan.KeyTimes(
                            kid,
                            rs.getTimestamp("activates_at").toInstant(),
                            retire == null ? null : retire.toInstant()),
                        jwk);
                  } catch (ParseException e) {
                    throw new IllegalStateException("signing key " + kid + " is unreadable", e);
                  }
                })
            .list();
  }

  private List<RotationPlan.KeyTimes> times() {
    return jdbc.sql(
            "select kid, activates_at, retire_after from identity.signing_key"
                + " order by activates_at")
        .query(
            (rs, i) -> {
              Timestamp retire = rs.getTimestamp("retire_after");
              return new RotationPlan.KeyTimes(
                  rs.getString("kid"),
                  rs.getTimestamp("activates_at").toInstant(),
                  retire == null ? null : retire.toInstant());
            })
        .list();
  }

  private String create(Instant activatesAt) {
    String kid = UUID.randomUUID().toString();
    RSAKey jwk;
    try {
      jwk =
          new RSAKeyGenerator(2048)
              .keyID(kid)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .issueTime(java.util.Date.from(clock.instant()))
              .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a signing key", e);
    }
    jdbc.sql(
            "insert into identity.signing_key (kid, public_jwk, private_key_encrypted,"
                + " created_at, activates_at) values (?, ?, ?, ?, ?)")
        .params(
            kid,
            jwk.toPublicJWK().toJSONString(),
            encryption.encrypt(jwk.toJSONString().getBytes(StandardCharsets.UTF_8), kid),
            Timestamp.from(clock.instant()),
            Timestamp.from(activatesAt))
        .update();
    log.info("created signing key {} active from {}", kid, activatesAt);
    return kid;
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
