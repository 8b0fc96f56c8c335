package dev.tempered.web;

/** The user a dashboard request acts for, and their role ({@code admin}, {@code labeler}, ...). */
public record WebUser(String name, String role) {}
