package io.pgkeeper.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test run, and server certificates it signs, so that TLS
 * in the tests is real (a chain checked against a CA the test passes explicitly) and never
 * depends on the machine's trust store or on CA variables in the environment.
 *
 * <p>BouncyCastle rather than the JDK's keytool: a CA, a server key and a signed certificate
 * with its subjectAltName for 127.0.0.1 take milliseconds in-process, with every extension
 * written here, where keytool needs a child JVM per step (genkeypair, certreq, gencert,
 * importcert, exportcert).
 */
public final class TestCa {
    public static final String KEYSTORE_PASSWORD = "test-keystore";
    private static final String SIGNATURE = "SHA256withECDSA";

    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCa(String commonName) {
        try {
            this.name = new X500Name("CN=" + commonName);
            this.keys = ecKeys();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.certificate = sign(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestCa create(String commonName) {
        return new TestCa(commonName);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA certificate as PEM, what a user puts in {@code s3.caFile}. */
    public Path writePem(Path file) {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A PKCS#12 key store with a server key and its certificate for 127.0.0.1 and localhost,
     * signed by this CA (chain: server, CA), protected by {@link #KEYSTORE_PASSWORD}.
     */
    public Path writeServerKeyStore(Path file) {
        try {
            KeyPair server = ecKeys();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli() + 1),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name("CN=localhost"), server.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate cert = sign(b);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", server.getPrivate(), KEYSTORE_PASSWORD.toCharArray(), new Certificate[] {cert, certificate});
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, KEYSTORE_PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
