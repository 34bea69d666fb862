package dev.zhiyu.server; public class Main { public static void main(String[] a){ System.out.println(io.javalin.Javalin.class); } }
