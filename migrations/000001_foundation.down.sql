DROP TABLE demo_steps;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE industry_chains;
DROP TABLE departments;
