import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A person, identified by their mobile number (always `+989XXXXXXXXX`). */
@Entity({ name: "users" })
export class User {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text", unique: true })
  phone: string;

  @Column({ type: "text", nullable: true })
  name: string | null;

  /** Platform staff see and manage every tenant and store. */
  @Column({ type: "boolean", name: "is_staff", default: false })
  isStaff: boolean;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
