package dev.offlineaccess.benchmarks.jmh;

import dev.offlineaccess.bearer.BearerAuthenticator;
import dev.offlineaccess.bearer.BearerResult;
import dev.offlineaccess.benchmarks.support.Settings;
import dev.offlineaccess.config.OidcSettings;
import dev.offlineaccess.provider.OidcProvider;
import dev.offlineaccess.testing.Endpoint;
import dev.offlineaccess.testing.FakeOpenIdProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.file.Files;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Measure 2: an API request's bearer check, {@link BearerAuthenticator#authenticate(String)}, for RS256 JWT access
 * tokens (Keycloak-like claims from the fake provider) against the provider's keys, which are fetched once and then
 * cached. One thread, so that ops/s is per core. The adapter remembers the tokens it admitted (by their SHA-256, see
 * {@code jwt-cache-size}), so the two paths a real API sees are measured apart:
 * <ul>
 *   <li>{@link #validateRs256JwtFirstSight()}: the cache off ({@code jwt-cache-size: 0}), so every call verifies the
 *       signature, as for a token the adapter has not seen yet;</li>
 *   <li>{@link #validateRs256JwtRepeated()}: the default cache, and {@value #CLIENTS} distinct valid tokens of as
 *       many users, each admitted once before measuring, presented round-robin (clients reusing their tokens).</li>
 * </ul>
 * {@link #validateRs256Jwt()} is the default configuration with one token presented over and over. The provider is
 * asked for its keys before the measurement only; the tear-down fails the run if the measured calls fetched them
 * again. Two floors in the same run show what the cryptography and nimbus cost by themselves.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class BearerValidationBenchmark {
    /** Distinct tokens of {@link #validateRs256JwtRepeated()}, far below the default cache size (10,000). */
    static final int CLIENTS = 1_000;

    private FakeOpenIdProvider op;
    private BearerAuthenticator bearer;
    private BearerAuthenticator firstSight;
    private String header;
    private String[] clientHeaders;
    private int nextClient;
    private String token;
    private long jwksFetchesBefore;
    private RSASSAVerifier nimbusVerifier;
    private RSAPublicKey publicKey;
    private byte[] signingInput;
    private byte[] signature;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        op = FakeOpenIdProvider.builder().accessTokenLifetime(Duration.ofHours(8)).start();
        op.addUser("alice");
        Path dir = Files.createTempDirectory("bench-bearer");
        Map<String, Object> config = Settings.config(op.issuer().toString(), op.clientId(), op.clientSecret(),
                Settings.store(dir.resolve("tokens"), null, null));
        OidcSettings settings = Settings.load(config);
        config.put("jwt-cache-size", 0);
        OidcSettings uncached = Settings.load(config);
        OidcProvider provider = OidcProvider.create(settings, Clock.systemUTC());
        bearer = BearerAuthenticator.create(settings, provider, Clock.systemUTC());
        firstSight = BearerAuthenticator.create(uncached, provider, Clock.systemUTC());
        token = op.accessTokenFor("alice");
        header = "Bearer " + token;
        SignedJWT jwt = SignedJWT.parse(token);
        JWKSet keys = JWKSet.load(op.endpoint(Endpoint.JWKS).toURL());
        publicKey = ((RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID())).toRSAPublicKey();
        nimbusVerifier = new RSASSAVerifier(publicKey);
        signingInput = jwt.getSigningInput();
        signature = jwt.getSignature().decode();
        admit(firstSight, header);
        admit(bearer, header);
        clientHeaders = new String[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            op.addUser("client" + i);
            clientHeaders[i] = "Bearer " + op.accessTokenFor("client" + i);
            admit(bearer, clientHeaders[i]);
        }
        jwksFetchesBefore = op.requestCount(Endpoint.JWKS);
    }

    private static void admit(BearerAuthenticator authenticator, String header) {
        if (!(authenticator.authenticate(header) instanceof BearerResult.Authenticated)) {
            throw new IllegalStateException("a benchmark token is not accepted");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long fetched = op.requestCount(Endpoint.JWKS) - jwksFetchesBefore;
        op.close();
        if (fetched != 0) {
            throw new IllegalStateException("the keys were fetched " + fetched + " times while measuring");
        }
    }

    /** The default configuration, one token presented over and over: after the first call, a cache hit. */
    @Benchmark
    public BearerResult validateRs256Jwt() {
        return bearer.authenticate(header);
    }

    /** A token seen for the first time (the cache off): header, JWS, key lookup, signature, claims, principal, roles. */
    @Benchmark
    public BearerResult validateRs256JwtFirstSight() {
        return firstSight.authenticate(header);
    }

    /** {@value #CLIENTS} clients reusing their tokens, round-robin: header, digest, cache lookup, time checks. */
    @Benchmark
    public BearerResult validateRs256JwtRepeated() {
        String next = clientHeaders[nextClient];
        nextClient = nextClient + 1 == CLIENTS ? 0 : nextClient + 1;
        return bearer.authenticate(next);
    }

    /** Floor 1: nimbus alone with a key already converted: parse, verify the signature, read the claims. */
    @Benchmark
    public JWTClaimsSet floorNimbusParseVerifyClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!jwt.verify(nimbusVerifier)) {
            throw new IllegalStateException("bad signature");
        }
        return jwt.getJWTClaimsSet();
    }

    /** Floor 2: the JDK's RSA-SHA256 signature check of the same bytes, nothing else. */
    @Benchmark
    public boolean floorJdkRsaSha256Verify() throws Exception {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(publicKey);
        rsa.update(signingInput);
        return rsa.verify(signature);
    }
}
