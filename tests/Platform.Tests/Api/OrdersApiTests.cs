using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

[Collection(SessionClusterCollection.Name)]
public sealed class OrdersApiTests(SessionCluster sessions)
{
    private static object Burgers(string? recipient = null) => new
    {
        items = new object[]
        {
            new { name = "Cheeseburger", price = 5.50m, quantity = 2 },
            new { name = "Fries & Dip", price = 3.25m },
        },
        recipient,
    };

    [Fact]
    public async Task A_placed_order_is_stored_and_its_receipt_is_an_RFC_5322_message_to_the_users_address()
    {
        var client = await sessions.Api.ClientWithEmptySession("alice");

        var (order, location) = await Place(client, Burgers());

        var id = order.GetProperty("id").GetString()!;
        Assert.Equal($"/orders/{id}", location);
        Assert.Equal(14.25m, order.GetProperty("total").GetDecimal());
        Assert.Equal(14.25m, (await client.GetFromJsonAsync<JsonElement>($"/orders/{id}")).GetProperty("total").GetDecimal());
        Assert.Equal([$"orders.{id}"], await OrderKeys(client));

        var (message, raw) = await Receipt(client, id);

        var headers = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
        foreach (var header in new[] { "Date", "From", "To", "Subject", "MIME-Version", "Content-Type" })
        {
            Assert.True(headers.Any(line => line.StartsWith($"{header}: ", StringComparison.Ordinal)), $"The receipt has no {header} header:\n{raw}");
        }

        Assert.Equal("orders@burgers.example", Assert.Single(message.From.Mailboxes).Address);
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal(("Alice", "alice@example.com"), (to.Name, to.Address));
        Assert.Equal("Your burger order: 2 items, total 14.25", message.Subject);
        Assert.Equal("1.0", message.Headers[HeaderId.MimeVersion]);
        var text = Assert.IsType<TextPart>(message.Body);
        Assert.Equal("text/plain", text.ContentType.MimeType);
        Assert.Equal("utf-8", text.ContentType.Charset, ignoreCase: true);
        Assert.StartsWith("Dear Alice,", text.Text);
        // Plain text, not HTML: the ampersand is not encoded.
        Assert.Contains("2 x Cheeseburger at 5.50 = 11.00", text.Text);
        Assert.Contains("1 x Fries & Dip at 3.25 = 3.25", text.Text);
        Assert.Contains("Total: 14.25", text.Text);
        Assert.DoesNotContain("\n", raw.Replace("\r\n", ""));
    }

    [Fact]
    public async Task A_non_ASCII_recipient_name_is_an_RFC_2047_encoded_word_that_decodes_back()
    {
        var client = await sessions.Api.ClientWithEmptySession("alice");

        var (order, _) = await Place(client, Burgers("Zoë Müller <zoe@example.com>"));

        var (message, raw) = await Receipt(client, order.GetProperty("id").GetString()!);
        var toLine = raw.Split("\r\n").Single(line => line.StartsWith("To:", StringComparison.Ordinal));
        Assert.Contains("=?utf-8?", toLine, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Zoë", toLine);
        Assert.True(raw.All(char.IsAscii), "The message on the wire is 7-bit.");
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal(("Zoë Müller", "zoe@example.com"), (to.Name, to.Address));
        Assert.StartsWith("Dear Zoë Müller,", Assert.IsType<TextPart>(message.Body).Text);
    }

    public static TheoryData<string, string, string> Injections => new()
    {
        { "zoe@example.com\r\nBcc: mallory@example.com", "Cheeseburger", "recipient" },
        { "Zoë\n <zoe@example.com>", "Cheeseburger", "recipient" },
        { "zoe@example.com", "Cheeseburger\r\nBcc: mallory@example.com", "items[0].name" },
        { "zoe@example.com", "Cheeseburger\nX-Spam: yes", "items[0].name" },
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task CR_or_LF_in_a_recipient_or_item_name_is_refused_and_nothing_is_stored(string recipient, string name, string field)
    {
        var client = await sessions.Api.ClientWithEmptySession("alice");

        var response = await client.PostAsJsonAsync("/orders", new { items = new[] { new { name, price = 5m } }, recipient });

        var problem = await Problems.Assert(response, HttpStatusCode.BadRequest);
        Assert.StartsWith(field, problem.GetProperty("detail").GetString());
        Assert.Empty(await OrderKeys(client));
    }

    public static TheoryData<string, string> InvalidOrders => new()
    {
        { """{"items": []}""", "items" },
        { """{}""", "items" },
        { "{\"items\": [" + string.Join(',', Enumerable.Repeat("""{"name": "x", "price": 1}""", 101)) + "]}", "items" },
        { """{"items": [{"name": "", "price": 1}]}""", "items[0].name" },
        { """{"items": [{"name": "Burger", "price": 1}, {"name": "   ", "price": 1}]}""", "items[1].name" },
        { "{\"items\": [{\"name\": \"" + new string('x', 201) + "\", \"price\": 1}]}", "items[0].name" },
        { """{"items": [{"name": "Burger\tdeluxe", "price": 1}]}""", "items[0].name" },
        { """{"items": [{"name": "Burger", "price": -1}]}""", "items[0].price" },
        { """{"items": [{"name": "Burger", "price": 1.005}]}""", "items[0].price" },
        { """{"items": [{"name": "Burger"}]}""", "items[0].price" },
        { """{"items": [{"name": "Burger", "price": 1, "quantity": 0}]}""", "items[0].quantity" },
        { """{"items": [{"name": "Burger", "price": "1.00"}]}""", "The order does not have the expected shape ($.items[0].price)" },
        { """{"items": [{"name": "Burger", "price": 1}], "recipient": "not an address"}""", "recipient" },
        { """{"items": [{"name": "Burger", "price": 1}], "recipient": "a@example.com, b@example.com"}""", "recipient" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task An_invalid_order_gets_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var client = await sessions.Api.ClientWithEmptySession("alice");

        var response = await client.PostAsync("/orders", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Problems.Assert(response, HttpStatusCode.BadRequest);
        Assert.StartsWith(field, problem.GetProperty("detail").GetString());
        Assert.Empty(await OrderKeys(client));
    }

    [Fact]
    public async Task A_user_without_an_address_must_name_a_recipient()
    {
        await using var api = new ApiFactory(sessions.ApiSettings.Append(new("Users:alice:Email", "")).ToDictionary());
        var client = await api.ClientWithEmptySession("alice");

        var refused = await client.PostAsJsonAsync("/orders", Burgers());

        var problem = await Problems.Assert(refused, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Users:alice:Email", problem.GetProperty("detail").GetString());
        Assert.Empty(await OrderKeys(client));
        await Place(client, Burgers("zoe@example.com"));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-an-order")]
    public async Task An_unknown_order_gets_404(string id)
    {
        var client = sessions.Api.ClientFor("alice");

        await Problems.Assert(await client.GetAsync($"/orders/{id}/receipt"), HttpStatusCode.NotFound);
        await Problems.Assert(await client.GetAsync($"/orders/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_users_order_is_not_found()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");
        var id = (await Place(alice, Burgers())).Order.GetProperty("id").GetString();

        await Problems.Assert(await sessions.Api.ClientFor("bob").GetAsync($"/orders/{id}/receipt"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/orders/{id}/receipt")).StatusCode);
    }

    [Fact]
    public async Task An_anonymous_caller_gets_401()
    {
        var anonymous = sessions.Api.ClientFor(null);

        await Problems.Assert(await anonymous.PostAsJsonAsync("/orders", Burgers()), HttpStatusCode.Unauthorized);
        await Problems.Assert(await anonymous.GetAsync("/orders/0123456789abcdef0123456789abcdef/receipt"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("receipt.liquid", "Dear {{ name }},\n{% for item in items %}{{ item.name }}\n", "does not parse")]
    [InlineData("subject.liquid", null, "is missing")]
    public async Task A_broken_or_missing_template_fails_the_start_with_one_line_naming_the_file(string file, string? broken, string problem)
    {
        var directory = Directory.CreateTempSubdirectory("orders-templates-");
        try
        {
            foreach (var template in new[] { "subject.liquid", "receipt.liquid" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, "Orders", "Templates", template), Path.Combine(directory.FullName, template));
            }

            var path = Path.Combine(directory.FullName, file);
            if (broken is null) File.Delete(path);
            else File.WriteAllText(path, broken);
            await using var api = new ConfiguredService("ApiService", "Platform.ApiService.dll");

            var line = await ConfiguredService.StopsWithOneLine(api.Start(null, $"--Orders:TemplateDirectory={directory.FullName}"));

            Assert.StartsWith("Invalid configuration: ", line);
            Assert.Contains($"'{path}' {problem}", line);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(JsonElement Order, string? Location)> Place(HttpClient client, object order)
    {
        var response = await client.PostAsJsonAsync("/orders", order);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return (JsonDocument.Parse(body).RootElement.Clone(), response.Headers.Location?.OriginalString);
    }

    private static async Task<(MimeMessage Message, string Raw)> Receipt(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/orders/{id}/receipt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message/rfc822", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (MimeMessage.Load(new MemoryStream(bytes)), Encoding.UTF8.GetString(bytes));
    }

    private static async Task<string[]> OrderKeys(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/session")).GetProperty("values").EnumerateObject()
            .Select(value => value.Name).Where(name => name.StartsWith("orders.", StringComparison.Ordinal)).ToArray();
}
