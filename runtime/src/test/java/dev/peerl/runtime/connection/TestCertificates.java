package dev.peerl.runtime.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Certificates for TLS tests, made once per JVM with the JDK's {@code keytool} (no other tool is
 * needed on a CI machine): a CA and a node certificate it signed, and a self-signed certificate
 * that no trusted CA signed, for "wrong CA" tests. Each certificate is valid for this host's names,
 * {@code localhost} and 127.0.0.1, and serves both as a server's and a client's certificate. The
 * files sit in a directory under {@code java.io.tmpdir} (which the OTP 27 chroot shares), deleted
 * when the JVM exits; erl reads the PEM files, Java either the PEM files or the PKCS12 stores.
 */
public final class TestCertificates {
  /** The password of every key store here. */
  public static final String PASSWORD = "peerl-test";

  /** A certificate with its key, as PEM files and as a PKCS12 key store. */
  public record Identity(Path certFile, Path keyFile, Path keyStore) {}

  private static TestCertificates instance;

  private final Path directory;
  private final Path caFile;
  private final Path trustStore;
  private final Identity node;
  private final Identity stranger;

  private TestCertificates(Path directory) throws IOException, GeneralSecurityException {
    this.directory = directory;
    Path caKeys = directory.resolve("ca-keys.p12");
    Path nodeKeys = directory.resolve("node-keys.p12");
    Path strangerKeys = directory.resolve("stranger-keys.p12");
    String san = subjectAlternativeNames();
    // keytool is a JVM start each time: the three key pairs at once, then the signing.
    awaitAll(
        keytool(
            caKeys,
            "-genkeypair",
            "-alias",
            "ca",
            "-dname",
            "CN=Peerl Test CA",
            "-ext",
            "bc:c",
            "-ext",
            "KU=keyCertSign,cRLSign"),
        keytool(nodeKeys, "-genkeypair", "-alias", "node", "-dname", "CN=peerl-test-node"),
        keytool(
            strangerKeys,
            "-genkeypair",
            "-alias",
            "stranger",
            "-dname",
            "CN=stranger",
            "-ext",
            san));
    Path request = directory.resolve("node.csr");
    Path signed = directory.resolve("node-signed.pem");
    awaitAll(keytool(nodeKeys, "-certreq", "-alias", "node", "-file", request.toString()));
    awaitAll(
        keytool(
            caKeys,
            "-gencert",
            "-alias",
            "ca",
            "-infile",
            request.toString(),
            "-outfile",
            signed.toString(),
            "-rfc",
            "-validity",
            "30",
            "-ext",
            san));

    KeyStore ca = load(caKeys);
    Certificate caCertificate = ca.getCertificate("ca");
    this.caFile = writeCertificates(directory.resolve("ca.pem"), caCertificate);
    X509Certificate nodeCertificate;
    try (InputStream in = Files.newInputStream(signed)) {
      nodeCertificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    this.node =
        identity(load(nodeKeys), "node", new Certificate[] {nodeCertificate, caCertificate});
    KeyStore strangers = load(strangerKeys);
    this.stranger =
        identity(strangers, "stranger", new Certificate[] {strangers.getCertificate("stranger")});
    this.trustStore = directory.resolve("trust.p12");
    KeyStore trust = emptyStore();
    trust.setCertificateEntry("ca", caCertificate);
    save(trust, trustStore);
  }

  /** The certificates, made on first use. */
  public static synchronized TestCertificates get() {
    if (instance == null) {
      try {
        Path directory = Files.createTempDirectory("peerl-tls-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
        instance = new TestCertificates(directory);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot make the test certificates", e);
      }
    }
    return instance;
  }

  /** Where the files are: tests may write their own (erl's option files) beside them. */
  public Path directory() {
    return directory;
  }

  /** The CA that signed {@link #node()}, as PEM (erl's {@code cacertfile}). */
  public Path caFile() {
    return caFile;
  }

  /** The same CA as a PKCS12 trust store, with {@link #PASSWORD}. */
  public Path trustStore() {
    return trustStore;
  }

  /** A certificate the CA signed, with its key. */
  public Identity node() {
    return node;
  }

  /** A self-signed certificate, which no trusted CA signed, with its key. */
  public Identity stranger() {
    return stranger;
  }

  /** This host's names as erl and Java see them (short and full), localhost and 127.0.0.1. */
  private static String subjectAlternativeNames() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    String host = InetAddress.getLocalHost().getHostName();
    names.add(host);
    names.add(host.contains(".") ? host.substring(0, host.indexOf('.')) : host);
    names.add(InetAddress.getLocalHost().getCanonicalHostName());
    names.add("localhost");
    StringBuilder san = new StringBuilder("SAN=");
    for (String name : names) {
      // A reverse lookup may give back an address: only names go in as dns:.
      if (name.matches("[A-Za-z0-9.-]*[A-Za-z][A-Za-z0-9.-]*")) {
        san.append("dns:").append(name).append(',');
      }
    }
    return san.append("ip:127.0.0.1").toString();
  }

  private Identity identity(KeyStore store, String alias, Certificate[] chain)
      throws IOException, GeneralSecurityException {
    Path certFile = writeCertificates(directory.resolve(alias + "-cert.pem"), chain[0]);
    Key key = store.getKey(alias, PASSWORD.toCharArray());
    Path keyFile = directory.resolve(alias + "-key.pem");
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    KeyStore own = emptyStore();
    own.setKeyEntry(alias, key, PASSWORD.toCharArray(), chain);
    Path keyStore = directory.resolve(alias + ".p12");
    save(own, keyStore);
    return new Identity(certFile, keyFile, keyStore);
  }

  private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
    return KeyStore.getInstance(file.toFile(), PASSWORD.toCharArray());
  }

  private static Path writeCertificates(Path file, Certificate... certificates)
      throws IOException, GeneralSecurityException {
    StringBuilder text = new StringBuilder();
    for (Certificate certificate : certificates) {
      text.append(pem("CERTIFICATE", certificate.getEncoded()));
    }
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    return file;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static void save(KeyStore store, Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD.toCharArray());
    }
  }

  /** A keytool run on {@code keys}, with RSA 2048 keys: the process and its command line. */
  private record Keytool(Process process, List<String> command) {}

  private static Keytool keytool(Path keys, String... command) throws IOException {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    line.addAll(List.of(command));
    line.addAll(
        List.of(
            "-keystore",
            keys.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD,
            "-noprompt"));
    if (command[0].equals("-genkeypair")) {
      line.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-validity", "30"));
    }
    return new Keytool(new ProcessBuilder(line).redirectErrorStream(true).start(), line);
  }

  /** Waits for the runs; fails with the output of one that failed. */
  private static void awaitAll(Keytool... runs) throws IOException {
    for (Keytool run : runs) {
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      try (InputStream in = run.process().getInputStream()) {
        in.transferTo(output);
        if (!run.process().waitFor(60, TimeUnit.SECONDS) || run.process().exitValue() != 0) {
          run.process().destroyForcibly();
          throw new IOException(
              "keytool failed: " + run.command() + "\n" + output.toString(StandardCharsets.UTF_8));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        run.process().destroyForcibly();
        throw new IOException("interrupted while keytool ran", e);
      }
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // the directory is in tmp: leave it
    }
  }
}
