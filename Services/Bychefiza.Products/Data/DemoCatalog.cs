using System.Security.Cryptography;
using System.Text;
using Bychefiza.Products.Model;

namespace Bychefiza.Products.Data;

/// <summary>
/// The demo shop: 20 categories and 1,000 products that read like a real catalog, the same on every
/// machine (fixed ids, a fixed random seed, fixed dates), so tests and screenshots can name them.
/// </summary>
public static class DemoCatalog
{
    public const int ProductCount = 1000;

    private static readonly DateTimeOffset Opening = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private sealed record Shelf(string Name, string Slug, string? Parent, string Code, decimal BasePrice, string[] Items, string[] Features);

    private static readonly Shelf[] Shelves =
    [
        new("Sports & Outdoors", "sports-outdoors", null, "SPO", 0, [], []),
        new("Running", "running", "sports-outdoors", "RUN", 60,
            ["Racing Flat", "Running Jacket", "Running Tights", "Hydration Vest", "Running Socks", "GPS Sports Watch", "Running Cap", "Reflective Vest"],
            ["breathable mesh", "reflective details", "a secure zip pocket", "quick-dry fabric", "a snug, sock-like fit"]),
        new("Hiking", "hiking", "sports-outdoors", "HIK", 80,
            ["Hiking Boot", "Trekking Poles", "Daypack", "Rain Shell", "Hiking Pants", "Merino Base Layer", "Trail Map Case", "Gaiters"],
            ["a waterproof membrane", "grippy lugged soles", "adjustable straps", "recycled nylon", "taped seams"]),
        new("Camping", "camping", "sports-outdoors", "CMP", 90,
            ["Two-Person Tent", "Sleeping Bag", "Camp Stove", "Sleeping Pad", "Camp Chair", "Lantern", "Cook Set", "Water Filter"],
            ["a packed weight under a kilo", "a three-season rating", "a stuff sack", "aluminium poles", "a lifetime warranty"]),
        new("Cycling", "cycling", "sports-outdoors", "CYC", 70,
            ["Bike Helmet", "Cycling Jersey", "Bike Light Set", "Saddle Bag", "Cycling Gloves", "Mini Pump", "Bike Lock", "Bottle Cage"],
            ["MIPS protection", "a USB-C charge port", "bright daylight visibility", "padded palms", "a hardened steel shackle"]),
        new("Home & Kitchen", "home-kitchen", null, "HOM", 0, [], []),
        new("Cookware", "cookware", "home-kitchen", "COO", 45,
            ["Cast Iron Skillet", "Saucepan", "Dutch Oven", "Chef's Knife", "Cutting Board", "Stock Pot", "Sauté Pan", "Roasting Tray"],
            ["an induction-ready base", "a riveted handle", "a pre-seasoned surface", "dishwasher-safe steel", "an oven-safe lid"]),
        new("Coffee & Tea", "coffee-tea", "home-kitchen", "COF", 35,
            ["Pour-Over Kettle", "Burr Grinder", "French Press", "Espresso Cups", "Tea Infuser", "Cold Brew Maker", "Milk Frother", "Coffee Scale"],
            ["a gooseneck spout", "ceramic burrs", "double-walled glass", "a built-in timer", "borosilicate glass"]),
        new("Bedding", "bedding", "home-kitchen", "BED", 55,
            ["Duvet Cover", "Linen Sheet Set", "Down Pillow", "Wool Blanket", "Mattress Topper", "Weighted Blanket", "Throw Cushion", "Quilt"],
            ["stonewashed linen", "organic cotton", "a hypoallergenic fill", "hidden button closures", "a 400 thread count"]),
        new("Storage", "storage", "home-kitchen", "STO", 25,
            ["Pantry Jar", "Storage Basket", "Shoe Rack", "Drawer Organiser", "Wall Shelf", "Laundry Hamper", "Spice Rack", "Under-Bed Box"],
            ["stackable design", "bamboo construction", "airtight seals", "woven seagrass", "a powder-coated frame"]),
        new("Electronics", "electronics", null, "ELE", 0, [], []),
        new("Audio", "audio", "electronics", "AUD", 120,
            ["Wireless Headphones", "Bluetooth Speaker", "Earbuds", "Turntable", "Soundbar", "Studio Monitor", "Headphone Amp", "Portable Radio"],
            ["active noise cancelling", "30 hours of battery", "aptX support", "a built-in microphone", "water resistance"]),
        new("Cameras", "cameras", "electronics", "CAM", 250,
            ["Mirrorless Camera", "Action Camera", "Camera Tripod", "Prime Lens", "Camera Bag", "Instant Camera", "Lens Filter", "Camera Strap"],
            ["4K video", "image stabilisation", "weather sealing", "a fast f/1.8 aperture", "carbon fibre legs"]),
        new("Computer Accessories", "computer-accessories", "electronics", "CPA", 40,
            ["Mechanical Keyboard", "Wireless Mouse", "USB-C Hub", "Laptop Stand", "Monitor Arm", "Webcam", "Desk Mat", "External SSD"],
            ["hot-swappable switches", "a braided cable", "aluminium housing", "plug-and-play setup", "1 TB of storage"]),
        new("Smart Home", "smart-home", "electronics", "SMH", 50,
            ["Smart Plug", "Video Doorbell", "Smart Thermostat", "Motion Sensor", "Smart Bulb", "Indoor Camera", "Smart Lock", "Air Quality Monitor"],
            ["voice assistant support", "local control", "energy monitoring", "night vision", "a two-year battery"]),
        new("Fashion", "fashion", null, "FAS", 0, [], []),
        new("Outerwear", "outerwear", "fashion", "OUT", 110,
            ["Wool Coat", "Puffer Jacket", "Denim Jacket", "Trench Coat", "Fleece Jacket", "Parka", "Bomber Jacket", "Softshell"],
            ["a detachable hood", "recycled down", "a water-repellent finish", "horn buttons", "a quilted lining"]),
        new("Bags", "bags", "fashion", "BAG", 65,
            ["Leather Backpack", "Tote Bag", "Weekender", "Messenger Bag", "Crossbody Bag", "Laptop Sleeve", "Duffel", "Belt Bag"],
            ["full-grain leather", "a padded laptop pocket", "brass hardware", "waxed canvas", "a luggage pass-through"]),
        new("Accessories", "accessories", "fashion", "ACC", 30,
            ["Wool Scarf", "Leather Belt", "Sunglasses", "Beanie", "Leather Gloves", "Wallet", "Watch Strap", "Umbrella"],
            ["polarised lenses", "merino wool", "vegetable-tanned leather", "RFID blocking", "a windproof frame"]),
        new("Books & Stationery", "books-stationery", null, "BKS", 15,
            ["Dotted Notebook", "Fountain Pen", "Field Guide", "Cookbook", "Planner", "Sketchbook", "Desk Calendar", "Travel Journal"],
            ["lay-flat binding", "acid-free paper", "a refillable cartridge", "a linen cover", "numbered pages"]),
    ];

    private static readonly string[] Lines = ["Summit", "Tempo", "Nordic", "Harbor", "Alder", "Ember", "Slate", "Meridian", "Juniper", "Aurora", "Cascade", "Drift"];
    private static readonly string[] Editions = ["", "", "", " Pro", " Lite", " 2", " XL", " Classic"];

    public static IReadOnlyList<Category> Categories() =>
        [.. Shelves.Select((shelf, index) => new Category { Id = index + 1, Name = shelf.Name, Slug = shelf.Slug, SortOrder = index })
            .Select(category => { category.ParentId = ParentOf(category.Slug); return category; })];

    public static IReadOnlyList<Product> Products()
    {
        var random = new Random(20261126);
        var leaves = Shelves.Select((shelf, index) => (Shelf: shelf, Id: index + 1)).Where(s => s.Shelf.Items.Length > 0).ToList();
        var products = new List<Product>(ProductCount)
        {
            // Named so search can be checked by hand: the only product with both words in its name.
            Make(0, leaves.Single(l => l.Shelf.Slug == "running"), "Trail Running Shoe",
                "A grippy, cushioned trail running shoe with a rock plate and a gusseted tongue that keeps grit out.", 129.99m, 42),
        };

        for (var number = 1; number < ProductCount; number++)
        {
            var leaf = leaves[number % leaves.Count];
            var item = leaf.Shelf.Items[random.Next(leaf.Shelf.Items.Length)];
            var name = $"{Lines[random.Next(Lines.Length)]} {item}{Editions[random.Next(Editions.Length)]}";
            var features = leaf.Shelf.Features.OrderBy(_ => random.Next()).Take(2).ToList();
            var description = $"The {name} is made for everyday use, with {features[0]} and {features[1]}. Backed by our 30-day return promise.";
            var price = Math.Round(leaf.Shelf.BasePrice * (decimal)(0.5 + random.NextDouble() * 1.5), 0) - 0.01m;
            var stock = random.Next(10) == 0 ? 0 : random.Next(1, 250);
            products.Add(Make(number, leaf, name, description, Math.Max(4.99m, price), stock));
        }
        return products;
    }

    private static Product Make(int number, (Shelf Shelf, int Id) leaf, string name, string description, decimal price, int stock)
    {
        var created = Opening.AddHours(number * 7);
        return new Product
        {
            Id = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"bychefiza-demo-product-{number}"))),
            Sku = $"{leaf.Shelf.Code}-{number:D4}",
            Name = name,
            Description = description,
            CategoryId = leaf.Id,
            Price = price,
            Currency = Money.DefaultCurrency,
            Stock = stock,
            CreatedAt = created,
            UpdatedAt = created,
        };
    }

    private static int? ParentOf(string slug) =>
        Shelves.Single(s => s.Slug == slug).Parent is { } parent ? Array.FindIndex(Shelves, s => s.Slug == parent) + 1 : null;
}
