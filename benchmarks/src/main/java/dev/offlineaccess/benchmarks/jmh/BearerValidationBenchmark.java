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

/**
 * Measure 2: an API request's bearer check, {@link BearerAuthenticator#authenticate(String)}, for an RS256 JWT
 * access token (Keycloak-like claims from the fake provider) against the provider's keys, which are fetched once and
 * then cached. One thread, so that ops/s is per core. The provider is asked for its keys before the measurement
 * only; the tear-down fails the run if the measured calls fetched them again. Two floors in the same run show what
 * the cryptography and nimbus cost by themselves.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class BearerValidationBenchmark {
    private FakeOpenIdProvider op;
    private BearerAuthenticator bearer;
    private String header;
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
        OidcSettings settings = Settings.load(Settings.config(op.issuer().toString(), op.clientId(),
                op.clientSecret(), Settings.store(dir.resolve("tokens"), null, null)));
        bearer = BearerAuthenticator.create(settings, OidcProvider.create(settings, Clock.systemUTC()),
                Clock.systemUTC());
        token = op.accessTokenFor("alice");
        header = "Bearer " + token;
        SignedJWT jwt = SignedJWT.parse(token);
        JWKSet keys = JWKSet.load(op.endpoint(Endpoint.JWKS).toURL());
        publicKey = ((RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID())).toRSAPublicKey();
        nimbusVerifier = new RSASSAVerifier(publicKey);
        signingInput = jwt.getSigningInput();
        signature = jwt.getSignature().decode();
        if (!(bearer.authenticate(header) instanceof BearerResult.Authenticated)) {
            throw new IllegalStateException("the benchmark token is not accepted");
        }
        jwksFetchesBefore = op.requestCount(Endpoint.JWKS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long fetched = op.requestCount(Endpoint.JWKS) - jwksFetchesBefore;
        op.close();
        if (fetched != 0) {
            throw new IllegalStateException("the keys were fetched " + fetched + " times while measuring");
        }
    }

    /** The adapter's whole bearer check: header, JWS, key lookup, signature, claims, principal, roles. */
    @Benchmark
    public BearerResult validateRs256Jwt() {
        return bearer.authenticate(header);
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
