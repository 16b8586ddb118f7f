-- Quire's sample database: a small web shop. Loaded into an in-memory H2 database at first use.
-- Re-runnable: it drops its own tables first, so reloading resets the data.
DROP TABLE IF EXISTS order_items;
DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS products;
DROP TABLE IF EXISTS categories;
DROP TABLE IF EXISTS customers;

CREATE TABLE customers (
    customer_id   INTEGER PRIMARY KEY,
    first_name    VARCHAR(50)  NOT NULL,
    last_name     VARCHAR(50)  NOT NULL,
    email         VARCHAR(120) NOT NULL UNIQUE,
    city          VARCHAR(60)  NOT NULL,
    country       VARCHAR(60)  NOT NULL,
    signup_date   DATE         NOT NULL
);
COMMENT ON TABLE customers IS 'People who have an account in the shop';
COMMENT ON COLUMN customers.signup_date IS 'Day the customer created the account';

CREATE TABLE categories (
    category_id   INTEGER PRIMARY KEY,
    name          VARCHAR(60) NOT NULL UNIQUE,
    parent_id     INTEGER REFERENCES categories (category_id)
);
COMMENT ON COLUMN categories.parent_id IS 'Enclosing category, NULL for top-level categories';

CREATE TABLE products (
    product_id    INTEGER PRIMARY KEY,
    name          VARCHAR(100)  NOT NULL,
    category_id   INTEGER       NOT NULL REFERENCES categories (category_id),
    price         DECIMAL(10,2) NOT NULL,
    stock         INTEGER       NOT NULL,
    discontinued  BOOLEAN       NOT NULL DEFAULT FALSE
);
COMMENT ON COLUMN products.price IS 'Current list price in EUR, VAT included';
COMMENT ON COLUMN products.stock IS 'Units in the warehouse right now';

CREATE TABLE orders (
    order_id      INTEGER PRIMARY KEY,
    customer_id   INTEGER     NOT NULL REFERENCES customers (customer_id),
    order_date    DATE        NOT NULL,
    status        VARCHAR(20) NOT NULL,
    shipping_city VARCHAR(60)
);
COMMENT ON COLUMN orders.status IS 'One of: pending, paid, shipped, delivered, cancelled';

CREATE TABLE order_items (
    order_id      INTEGER       NOT NULL REFERENCES orders (order_id),
    product_id    INTEGER       NOT NULL REFERENCES products (product_id),
    quantity      INTEGER       NOT NULL,
    unit_price    DECIMAL(10,2) NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
COMMENT ON COLUMN order_items.unit_price IS 'Price in EUR per unit at the time of the order';

INSERT INTO customers VALUES
 (1,  'Anna',     'Schmidt',   'anna.schmidt@example.de',    'Berlin',    'Germany',     DATE '2023-01-14'),
 (2,  'Lukas',    'Meyer',     'lukas.meyer@example.de',     'Hamburg',   'Germany',     DATE '2023-02-03'),
 (3,  'Sophie',   'Dubois',    'sophie.dubois@example.fr',   'Lyon',      'France',      DATE '2023-02-21'),
 (4,  'Marco',    'Rossi',     'marco.rossi@example.it',     'Milan',     'Italy',       DATE '2023-03-09'),
 (5,  'Emma',     'Jansen',    'emma.jansen@example.nl',     'Utrecht',   'Netherlands', DATE '2023-04-17'),
 (6,  'Oliver',   'Brown',     'oliver.brown@example.co.uk', 'Manchester','United Kingdom', DATE '2023-05-02'),
 (7,  'Lucía',    'García',    'lucia.garcia@example.es',    'Valencia',  'Spain',       DATE '2023-06-11'),
 (8,  'Jakub',    'Nowak',     'jakub.nowak@example.pl',     'Kraków',    'Poland',      DATE '2023-07-23'),
 (9,  'Freya',    'Larsen',    'freya.larsen@example.dk',    'Aarhus',    'Denmark',     DATE '2023-08-30'),
 (10, 'Thomas',   'Keller',    'thomas.keller@example.ch',   'Zurich',    'Switzerland', DATE '2023-09-15'),
 (11, 'Clara',    'Fischer',   'clara.fischer@example.de',   'Munich',    'Germany',     DATE '2023-10-04'),
 (12, 'Hugo',     'Martin',    'hugo.martin@example.fr',     'Paris',     'France',      DATE '2023-11-19'),
 (13, 'Ines',     'Costa',     'ines.costa@example.pt',      'Porto',     'Portugal',    DATE '2024-01-08'),
 (14, 'Mateo',    'Fernández', 'mateo.fernandez@example.es', 'Madrid',    'Spain',       DATE '2024-02-14'),
 (15, 'Hannah',   'Weber',     'hannah.weber@example.at',    'Vienna',    'Austria',     DATE '2024-03-27');

INSERT INTO categories VALUES
 (1, 'Kitchen',        NULL),
 (2, 'Coffee & Tea',   1),
 (3, 'Cookware',       1),
 (4, 'Outdoor',        NULL),
 (5, 'Camping',        4),
 (6, 'Cycling',        4),
 (7, 'Home Office',    NULL);

INSERT INTO products VALUES
 (1,  'Espresso Machine Classic',      2, 349.00,  12, FALSE),
 (2,  'Burr Coffee Grinder',           2,  89.90,  30, FALSE),
 (3,  'Ceramic Pour-Over Dripper',     2,  24.50,  75, FALSE),
 (4,  'Loose Leaf Tea Sampler',        2,  18.00, 120, FALSE),
 (5,  'Cast Iron Skillet 28 cm',       3,  49.95,  40, FALSE),
 (6,  'Stainless Steel Stock Pot 8 L', 3,  64.00,  22, FALSE),
 (7,  'Chef''s Knife 20 cm',           3,  79.00,  35, FALSE),
 (8,  'Non-Stick Frying Pan 24 cm',    3,  32.90,   0, TRUE),
 (9,  'Two-Person Dome Tent',          5, 159.00,  18, FALSE),
 (10, 'Down Sleeping Bag -5 °C',       5, 219.00,   9, FALSE),
 (11, 'Camping Stove Compact',         5,  45.00,  50, FALSE),
 (12, 'Insulated Water Bottle 750 ml', 5,  27.90, 200, FALSE),
 (13, 'Road Bike Helmet',              6,  89.00,  25, FALSE),
 (14, 'LED Bike Light Set',            6,  34.95,  60, FALSE),
 (15, 'Bike Repair Toolkit',           6,  42.00,  33, FALSE),
 (16, 'Ergonomic Office Chair',        7, 289.00,   7, FALSE),
 (17, 'Standing Desk 140 x 70',        7, 499.00,   5, FALSE),
 (18, 'Monitor Arm Single',            7,  59.00,  44, FALSE),
 (19, 'Noise-Cancelling Headphones',   7, 199.00,  16, FALSE),
 (20, 'Desk Lamp with Dimmer',         7,  39.90,  58, FALSE);

INSERT INTO orders VALUES
 (1001, 1,  DATE '2024-01-05', 'delivered', 'Berlin'),
 (1002, 3,  DATE '2024-01-12', 'delivered', 'Lyon'),
 (1003, 2,  DATE '2024-01-20', 'delivered', 'Hamburg'),
 (1004, 5,  DATE '2024-02-02', 'delivered', 'Utrecht'),
 (1005, 4,  DATE '2024-02-14', 'cancelled', 'Milan'),
 (1006, 1,  DATE '2024-02-28', 'delivered', 'Berlin'),
 (1007, 6,  DATE '2024-03-07', 'delivered', 'Manchester'),
 (1008, 8,  DATE '2024-03-19', 'delivered', 'Kraków'),
 (1009, 7,  DATE '2024-04-01', 'delivered', 'Valencia'),
 (1010, 10, DATE '2024-04-15', 'delivered', 'Zurich'),
 (1011, 9,  DATE '2024-05-03', 'delivered', 'Aarhus'),
 (1012, 11, DATE '2024-05-21', 'shipped',   'Munich'),
 (1013, 12, DATE '2024-06-09', 'delivered', 'Paris'),
 (1014, 3,  DATE '2024-06-30', 'delivered', 'Lyon'),
 (1015, 13, DATE '2024-07-12', 'delivered', 'Porto'),
 (1016, 2,  DATE '2024-08-01', 'delivered', 'Hamburg'),
 (1017, 14, DATE '2024-08-22', 'cancelled', 'Madrid'),
 (1018, 15, DATE '2024-09-10', 'delivered', 'Vienna'),
 (1019, 4,  DATE '2024-09-28', 'delivered', 'Milan'),
 (1020, 6,  DATE '2024-10-15', 'shipped',   'Manchester'),
 (1021, 1,  DATE '2024-11-02', 'shipped',   'Potsdam'),
 (1022, 5,  DATE '2024-11-18', 'paid',      'Utrecht'),
 (1023, 10, DATE '2024-12-01', 'paid',      'Zurich'),
 (1024, 7,  DATE '2024-12-09', 'pending',   NULL),
 (1025, 12, DATE '2024-12-15', 'pending',   NULL);

INSERT INTO order_items VALUES
 (1001, 1,  1, 349.00), (1001, 3,  2,  24.50),
 (1002, 4,  3,  18.00),
 (1003, 9,  1, 159.00), (1003, 11, 1,  45.00), (1003, 12, 2,  27.90),
 (1004, 13, 1,  89.00), (1004, 14, 1,  34.95),
 (1005, 17, 1, 499.00),
 (1006, 2,  1,  89.90), (1006, 4,  1,  18.00),
 (1007, 16, 1, 289.00), (1007, 18, 2,  59.00),
 (1008, 5,  1,  49.95), (1008, 7,  1,  79.00),
 (1009, 10, 1, 219.00), (1009, 12, 1,  27.90),
 (1010, 19, 1, 199.00), (1010, 20, 1,  39.90),
 (1011, 15, 1,  42.00), (1011, 14, 2,  34.95),
 (1012, 6,  1,  64.00), (1012, 5,  1,  49.95), (1012, 7,  1,  79.00),
 (1013, 1,  1, 329.00),
 (1014, 3,  1,  24.50), (1014, 2,  1,  89.90),
 (1015, 9,  2, 159.00),
 (1016, 16, 1, 289.00),
 (1017, 8,  2,  32.90),
 (1018, 17, 1, 479.00), (1018, 18, 1,  59.00),
 (1019, 11, 2,  45.00), (1019, 12, 4,  27.90),
 (1020, 13, 2,  89.00),
 (1021, 19, 1, 189.00), (1021, 20, 2,  39.90),
 (1022, 4,  5,  18.00),
 (1023, 10, 1, 219.00), (1023, 9,  1, 159.00),
 (1024, 3,  2,  24.50),
 (1025, 1,  1, 349.00), (1025, 2,  1,  89.90);
