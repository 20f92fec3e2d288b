/**
 * Test fixtures shared through the adapter's test-jar. The centre is
 * {@link dev.offlineaccess.testing.FakeOpenIdProvider}, an in-JVM OpenID Provider that behaves like Keycloak 26
 * (offline tokens, refresh-token rotation with reuse detection, exact error strings) and misbehaves on command
 * ({@link dev.offlineaccess.testing.Fault}, {@link dev.offlineaccess.testing.IdTokenFault}, delays, stop and
 * restart). {@link dev.offlineaccess.testing.TestClock} moves time without sleeping.
 */
package dev.offlineaccess.testing;
