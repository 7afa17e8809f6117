"""Courses, sessions, attendance, vouchers and the Senior+ day home and club."""
