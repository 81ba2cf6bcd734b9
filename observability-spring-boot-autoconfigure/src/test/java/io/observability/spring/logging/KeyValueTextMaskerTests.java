package io.observability.spring.logging;

import java.util.List;

import io.observability.spring.masking.MaskingProperties;
import io.observability.spring.masking.internal.MaskingPolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.TokenStreamContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyValueTextMasker}.
 *
 * @author Observability Spring Boot contributors
 */
class KeyValueTextMaskerTests {

	private final MaskingProperties properties = new MaskingProperties();

	@Test
	void namesThatContainASecretWordAreFoundWhateverTheirCaseAndSeparators() {
		assertThat(mask("aws_secret_access_key=AKIAx1 region=eu")).isEqualTo("aws_secret_access_key=**** region=eu");
		assertThat(mask("secretKey=k1 privateKey: k2")).isEqualTo("secretKey=**** privateKey: ****");
		assertThat(mask("private_key=k3, credentials=c1")).isEqualTo("private_key=****, credentials=****");
		assertThat(mask("X-Api-Key: k4 from gateway")).isEqualTo("X-Api-Key: **** from gateway");
		assertThat(mask("db.password=p1 DB_PASSWORD=p2")).isEqualTo("db.password=**** DB_PASSWORD=****");
		assertThat(mask("clientSecret=s1&grant_type=client_credentials"))
			.isEqualTo("clientSecret=****&grant_type=client_credentials");
	}

	@Test
	void surroundingCharactersStay() {
		assertThat(mask("Login[user=bob, password=x]")).isEqualTo("Login[user=bob, password=****]");
		assertThat(mask("Login(user=bob, password=x)")).isEqualTo("Login(user=bob, password=****)");
		assertThat(mask("{user=bob, token=t}")).isEqualTo("{user=bob, token=****}");
		assertThat(mask("<password>x</password> <token=y>")).isEqualTo("<password>x</password> <token=****>");
		assertThat(mask("'password': 'p w'")).isEqualTo("'password': '****'");
	}

	@Test
	void quotedValuesAreMaskedWhole() {
		assertThat(mask("password=\"correct horse battery\" user=bob")).isEqualTo("password=\"****\" user=bob");
		assertThat(mask("{\"password\":\"a \\\"quoted\\\" b\",\"user\":\"bob\"}"))
			.isEqualTo("{\"password\":\"****\",\"user\":\"bob\"}");
		assertThat(mask("payload={\\\"password\\\":\\\"s p\\\",\\\"user\\\":\\\"bob\\\"}"))
			.isEqualTo("payload={\\\"password\\\":\\\"****\\\",\\\"user\\\":\\\"bob\\\"}");
	}

	@Test
	void valuesInBracesAreMaskedToTheMatchingBrace() {
		assertThat(mask("credentials={user=a, pass=b} next")).isEqualTo("credentials=**** next");
	}

	@Test
	void userInfoPasswordsOfUrlsAreMaskedWhereverAUrlAppears() {
		assertThat(mask("Connecting to jdbc:postgresql://app:pw-1@db:5432/orders?ssl=true"))
			.isEqualTo("Connecting to jdbc:postgresql://app:****@db:5432/orders?ssl=true");
		assertThat(mask("cache redis://:pw-2@cache:6379/0 up")).isEqualTo("cache redis://:****@cache:6379/0 up");
		assertThat(mask("amqp://guest:p@ss@mq/vhost")).isEqualTo("amqp://guest:****@mq/vhost");
		assertThat(mask("url=http://h/p?user=alice&password=p#frag"))
			.isEqualTo("url=http://h/p?user=alice&password=****");
	}

	@Test
	void credentialsAfterAnAuthorizationSchemeAreMasked() {
		assertThat(mask("Authorization: Bearer eyJ.x-y")).isEqualTo("Authorization: ****");
		assertThat(mask("sent bearer abc then Basic dXNlcg==")).isEqualTo("sent bearer **** then Basic ****");
		assertThat(mask("Cookie: a=1; SESSION=s-777")).isEqualTo("Cookie: ****");
	}

	@Test
	void textWithoutSecretsIsReturnedAsItIs() {
		assertThat(maskOrNull("Order 42 shipped to warehouse=north at 12:30:01")).isNull();
		assertThat(maskOrNull("password policy changed")).isNull();
		assertThat(maskOrNull("=x :y password")).isNull();
		assertThat(maskOrNull("{\"password\":\"\", \"user\":\"bob\"}")).isNull();
		assertThat(maskOrNull("https://user@host/path and http://host:8080/x")).isNull();
	}

	@Test
	void configuredNamesAddToTheBuiltInOnes() {
		this.properties.setNames(List.of("iban"));
		assertThat(mask("payer_iban=DE89 password=p")).isEqualTo("payer_iban=**** password=****");
	}

	@Test
	void personalDataPatternsAreMaskedOnlyWhenEnabled() {
		String text = "mail bob@example.com card 4111 1111 1111 1111 other 4111 1111 1111 1112 iban DE89370400440532013000";
		assertThat(maskOrNull(text)).isNull();
		this.properties.getPii().setEmail(true);
		this.properties.getPii().setCardNumbers(true);
		this.properties.getPii().setIban(true);
		assertThat(mask(text)).isEqualTo("mail **** card **** other 4111 1111 1111 1112 iban ****");
	}

	@Test
	void configuredPatternsMaskTheirFirstGroup() {
		this.properties.setPatterns(List.of("order-pin (\\d+)"));
		assertThat(mask("order-pin 1234 ok")).isEqualTo("order-pin **** ok");
	}

	@Test
	void generatedFieldsAreNotScanned() {
		KeyValueTextMasker masker = new KeyValueTextMasker(MaskingPolicy.of(this.properties));
		assertThat(masker.mask(context("thread_name"), "token=worker-1")).isNull();
		assertThat(masker.mask(context("message"), 42)).isNull();
	}

	private String mask(String text) {
		String masked = maskOrNull(text);
		assertThat(masked).as("masked %s", text).isNotNull();
		return masked;
	}

	private @Nullable String maskOrNull(String text) {
		return (String) new KeyValueTextMasker(MaskingPolicy.of(this.properties)).mask(context("message"), text);
	}

	private static TokenStreamContext context(String name) {
		return new TokenStreamContext() {

			@Override
			public @Nullable TokenStreamContext getParent() {
				return null;
			}

			@Override
			public String currentName() {
				return name;
			}

			@Override
			public boolean hasCurrentName() {
				return true;
			}

		};
	}

}
