/** Word lists for realistic, clearly fictional demo data. */

export const COMPANY_PREFIXES = [
  'Acme', 'Northwind', 'Bluepeak', 'Silverline', 'Redwood', 'Brightpath', 'Ironclad', 'Clearwater',
  'Summit', 'Evergreen', 'Lighthouse', 'Granite', 'Harbor', 'Keystone', 'Maple', 'Nimbus', 'Orion',
  'Pinnacle', 'Quantum', 'Riverbend', 'Sapphire', 'Trailhead', 'Upland', 'Vantage', 'Westbrook',
  'Zenith', 'Cobalt', 'Driftwood', 'Falcon', 'Golden Gate', 'Horizon', 'Juniper', 'Kestrel', 'Lumen',
  'Meridian', 'Northstar', 'Oakridge', 'Polaris', 'Stonebridge', 'Tidewater', 'Aurora', 'Beacon',
] as const;

export const COMPANY_SUFFIXES = [
  'Analytics', 'Systems', 'Health', 'Logistics', 'Labs', 'Software', 'Networks', 'Foods', 'Energy',
  'Robotics', 'Financial', 'Media', 'Retail', 'Manufacturing', 'Learning', 'Biotech', 'Telecom',
  'Hospitality', 'Insurance', 'Security', 'Cloud', 'Partners', 'Dynamics', 'Industries', 'Motors',
  'Pharma', 'Solutions', 'Studios', 'Works', 'Group',
] as const;

export const INDUSTRIES = [
  'Software', 'Healthcare', 'Financial Services', 'Retail', 'Manufacturing', 'Education', 'Media',
  'Logistics', 'Telecommunications', 'Energy', 'Hospitality', 'Public Sector',
] as const;

export const FIRST_NAMES = [
  'Alex', 'Jordan', 'Priya', 'Mateo', 'Aisha', 'Chen', 'Fatima', 'Liam', 'Sofia', 'Noah', 'Emma',
  'Kenji', 'Olivia', 'Ravi', 'Zara', 'Lucas', 'Maya', 'Ethan', 'Amara', 'Diego', 'Hannah', 'Yuki',
  'Omar', 'Grace', 'Ivan', 'Leila', 'Samuel', 'Nina', 'Tariq', 'Elena', 'Marcus', 'Ingrid', 'Kofi',
  'Chloe', 'Arjun', 'Beatriz', 'Felix', 'Mei', 'Jonas', 'Rosa',
] as const;

export const LAST_NAMES = [
  'Morgan', 'Patel', 'Garcia', 'Okafor', 'Nguyen', 'Schmidt', 'Rossi', 'Kim', 'Haddad', 'Johansson',
  'Silva', 'Tanaka', 'Brown', 'Kowalski', 'Dubois', 'Mensah', 'Cohen', 'Fernandez', 'Larsen', 'Ali',
  'Novak', 'Walsh', 'Ibrahim', 'Costa', 'Fischer', 'Reyes', 'Sato', 'Murphy', 'Andersen', 'Mehta',
] as const;

export const CONTACT_TITLES = [
  'VP of Operations', 'Director of IT', 'Head of Customer Experience', 'CFO', 'CTO', 'Product Manager',
  'Operations Manager', 'Procurement Lead', 'Data Analyst', 'Chief Revenue Officer', 'Team Lead',
  'Systems Administrator',
] as const;

export const CONTACT_ROLES = ['Decision Maker', 'Champion', 'Executive Sponsor', 'End User', 'Admin', 'Billing'] as const;

export const LOCATIONS = [
  'New York, US', 'San Francisco, US', 'Austin, US', 'Toronto, CA', 'London, UK', 'Berlin, DE',
  'Paris, FR', 'Amsterdam, NL', 'Singapore, SG', 'Sydney, AU', 'Bangalore, IN', 'São Paulo, BR',
] as const;

export const PRODUCTS = ['Analytics Suite', 'Support Plus', 'Mobile Platform', 'Data Connectors', 'Enterprise Plan'] as const;
