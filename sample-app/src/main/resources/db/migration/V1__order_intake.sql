-- Runs on H2 (default profile) and PostgreSQL (services profile)

CREATE TABLE inbound_message (
	id VARCHAR(36) PRIMARY KEY,
	source VARCHAR(16) NOT NULL,
	customer VARCHAR(200) NOT NULL,
	document_location VARCHAR(300) NOT NULL,
	status VARCHAR(16) NOT NULL,
	order_id VARCHAR(36),
	failure_reason VARCHAR(500),
	received_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

-- Raw documents when no object storage is configured
CREATE TABLE inbound_document (
	message_id VARCHAR(36) PRIMARY KEY,
	content VARCHAR(100000) NOT NULL
);

CREATE TABLE product (
	sku VARCHAR(32) PRIMARY KEY,
	name VARCHAR(200) NOT NULL,
	keywords VARCHAR(500) NOT NULL
);

CREATE TABLE customer_order (
	id VARCHAR(36) PRIMARY KEY,
	message_id VARCHAR(36) NOT NULL,
	source VARCHAR(16) NOT NULL,
	customer VARCHAR(200) NOT NULL,
	status VARCHAR(16) NOT NULL,
	erp_reference VARCHAR(64),
	failure_reason VARCHAR(500),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE order_line (
	order_id VARCHAR(36) NOT NULL REFERENCES customer_order (id),
	line_number INTEGER NOT NULL,
	description VARCHAR(500) NOT NULL,
	quantity INTEGER NOT NULL,
	sku VARCHAR(32) NOT NULL,
	confidence NUMERIC(4, 3) NOT NULL,
	PRIMARY KEY (order_id, line_number)
);

INSERT INTO product (sku, name, keywords) VALUES
	('M8-BOLT', 'Hex bolt M8 x 40, zinc plated', 'm8 hex bolt zinc'),
	('M8-NUT', 'Hex nut M8, zinc plated', 'm8 hex nut zinc'),
	('M8-WASHER', 'Washer M8, zinc plated', 'm8 washer zinc'),
	('M10-BOLT', 'Hex bolt M10 x 60, zinc plated', 'm10 hex bolt zinc'),
	('M10-NUT', 'Hex nut M10, zinc plated', 'm10 hex nut zinc'),
	('M6-SCREW', 'Machine screw M6 x 20', 'm6 machine screw'),
	('WOOD-SCREW-4X40', 'Wood screw 4 x 40', 'wood screw 4x40'),
	('ANCHOR-8', 'Wall anchor 8 mm', 'wall anchor plug 8mm'),
	('DRILL-8', 'HSS drill bit 8 mm', 'hss drill bit 8mm'),
	('CABLE-TIE-200', 'Cable tie 200 mm, black', 'cable tie 200mm black'),
	('DUCT-TAPE-50', 'Duct tape 50 mm x 50 m', 'duct tape 50mm silver'),
	('GLOVES-L', 'Work gloves, size L', 'work glove large'),
	('SAFETY-GLASSES', 'Safety glasses, clear', 'safety glasses clear goggles'),
	('EURO-PALLET', 'Euro pallet 1200 x 800', 'euro pallet wooden'),
	('STRETCH-FILM', 'Stretch film 500 mm', 'stretch film wrap 500mm');
